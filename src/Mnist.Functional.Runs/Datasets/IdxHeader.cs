namespace Mnist.Functional.Datasets;

/// <summary>The checked header of an IDX file: what it holds, how many items, of what shape and width.</summary>
/// <param name="Kind">Images or labels.</param>
/// <param name="Count">The number of items.</param>
/// <param name="ItemShape">The shape of one item: <c>[28, 28]</c> for MNIST's images, <c>[]</c> for byte labels, <c>[8]</c> for QMNIST's integer labels.</param>
/// <param name="ElementBytes">Bytes per number: 1 for unsigned bytes (type code <c>0x08</c>), 4 for big-endian 32-bit integers (<c>0x0C</c>).</param>
public sealed record IdxHeader(IdxKind Kind, long Count, IReadOnlyList<long> ItemShape, int ElementBytes = 1)
{
    /// <summary>The magic number: two zero bytes, the type code (<c>0x08</c> or <c>0x0C</c>), the number of dimensions.</summary>
    public uint Magic => (uint)((ElementBytes == 4 ? 0x0C00 : 0x0800) | (ItemShape.Count + 1));

    /// <summary>The header's length in bytes: 4 for the magic number, 4 per dimension.</summary>
    public int Length => 4 + 4 * (ItemShape.Count + 1);

    /// <summary>The bytes per item: rows × columns for images, 1 for byte labels, 4 × columns for integer labels.</summary>
    public long ItemBytes => ItemShape.Aggregate((long)ElementBytes, (product, size) => product * size);

    /// <summary>The length a file with this header must have: header plus items.</summary>
    public long FileLength => Length + Count * ItemBytes;

    /// <summary>The shape of the whole tensor: <c>[N, 28, 28]</c>, <c>[N]</c> or <c>[N, 8]</c>.</summary>
    public long[] Shape => [Count, .. ItemShape];
}
