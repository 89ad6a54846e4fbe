namespace Mnist.Functional.Datasets;

/// <summary>The checked header of an IDX file: what it holds, how many items and of what size.</summary>
/// <param name="Kind">Images or labels.</param>
/// <param name="Count">The number of items.</param>
/// <param name="ItemShape">The shape of one item: <c>[28, 28]</c> for images, <c>[]</c> for labels.</param>
public sealed record IdxHeader(IdxKind Kind, long Count, IReadOnlyList<long> ItemShape)
{
    /// <summary>The header's length in bytes: 4 for the magic number, 4 per dimension.</summary>
    public int Length => 4 + 4 * (ItemShape.Count + 1);

    /// <summary>The bytes per item: rows × columns for images, 1 for labels.</summary>
    public long ItemBytes => ItemShape.Aggregate(1L, (product, size) => product * size);

    /// <summary>The length a file with this header must have: header plus items.</summary>
    public long FileLength => Length + Count * ItemBytes;

    /// <summary>The shape of the whole tensor: <c>[N, 28, 28]</c> or <c>[N]</c>.</summary>
    public long[] Shape => [Count, .. ItemShape];
}
