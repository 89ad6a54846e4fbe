using static TorchSharp.torch;

namespace Mnist.Functional.Data;

/// <summary>
/// One split held in two tensors: <c>images: [N, 28, 28] uint8</c> and <c>labels: [N] int64</c>. The split owns them
/// (they belong to no dispose scope) and frees them when disposed.
/// </summary>
public sealed class Split : IDisposable
{
    /// <summary>Wraps <paramref name="images"/> <c>[N, 28, 28] uint8</c> and <paramref name="labels"/> <c>[N] int64</c>, taking ownership.</summary>
    /// <exception cref="ArgumentException">The shapes or types are not those, or the counts differ.</exception>
    public Split(Tensor images, Tensor labels)
    {
        if (images.dim() != 3 || images.dtype != ScalarType.Byte)
            throw new ArgumentException($"Images must be [N, H, W] uint8, not [{string.Join(", ", images.shape)}] {images.dtype}.", nameof(images));
        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64 || labels.shape[0] != images.shape[0])
            throw new ArgumentException($"Labels must be [{images.shape[0]}] int64, not [{string.Join(", ", labels.shape)}] {labels.dtype}.", nameof(labels));
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
    }

    /// <summary>The images: <c>[N, 28, 28] uint8</c>, pixel values 0 to 255.</summary>
    public Tensor Images { get; }

    /// <summary>The labels: <c>[N] int64</c>, class indices.</summary>
    public Tensor Labels { get; }

    /// <summary>The number of items, <c>N</c>.</summary>
    public long Count => Labels.shape[0];

    /// <summary>A pipeline over this split in its own order, one item per batch; chain <c>Shuffle</c>, <c>Batch</c> and <c>Select</c>.</summary>
    public BatchPipeline Pipeline() => new(this, Seed: null, BatchSize: 1, DropLast: false, Transform: batch => batch);

    /// <summary>A pipeline over this split, reshuffled each epoch from <paramref name="seed"/>: <c>train.Shuffle(seed).Batch(128)</c>.</summary>
    public BatchPipeline Shuffle(long seed) => Pipeline().Shuffle(seed);

    /// <summary>A pipeline over this split in order, <paramref name="size"/> items per batch: <c>test.Batch(1000)</c>.</summary>
    public BatchPipeline Batch(int size, bool dropLast = false) => Pipeline().Batch(size, dropLast);

    /// <summary>The items at <paramref name="indices"/> (<c>[M] int64</c>), copied into a new split of <c>M</c> items.</summary>
    public Split Take(Tensor indices)
    {
        using var scope = NewDisposeScope();
        return new Split(Images.index_select(0, indices), Labels.index_select(0, indices));
    }

    /// <summary>
    /// Carves a validation split of <paramref name="validationCount"/> items, chosen by a permutation seeded with
    /// <paramref name="seed"/>, and returns it with the rest. This split is left as it was.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or not less than <see cref="Count"/>.</exception>
    public (Split Train, Split Validation) CarveValidation(long validationCount, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validationCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(validationCount, Count);
        using var scope = NewDisposeScope();
        var order = Shuffling.Permutation(Count, seed);
        return (Take(order.narrow(0, validationCount, Count - validationCount)), Take(order.narrow(0, 0, validationCount)));
    }

    /// <summary>How many items each class has: element <c>c</c> counts label <c>c</c>.</summary>
    public long[] ClassCounts(int classes)
    {
        using var counts = Labels.bincount(weights: null, minlength: classes);
        return counts.data<long>().ToArray();
    }

    /// <summary>Frees both tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
