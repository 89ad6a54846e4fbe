using static TorchSharp.torch;

namespace Mnist.Functional.Data;

/// <summary>
/// A lazy description of how a split becomes batches: order (in order, or shuffled with a seed), batch size,
/// whether to drop a short last batch, and a transform applied to each batch. Built with
/// <c>split.Shuffle(seed).Batch(128).Select(Preprocess.Standard(stats))</c>; nothing runs until <see cref="Epoch"/>
/// is enumerated.
/// </summary>
/// <param name="Source">The split to draw from; the pipeline does not own it.</param>
/// <param name="Seed">The shuffle seed, or <see langword="null"/> to keep the split's order.</param>
/// <param name="BatchSize">Items per batch.</param>
/// <param name="DropLast">Whether to leave out a last batch smaller than <paramref name="BatchSize"/> (see also <see cref="MinimumLastBatch"/>).</param>
/// <param name="Transform">Applied to each batch as drawn (<c>images: [B, 28, 28] uint8</c>).</param>
public sealed record BatchPipeline(Split Source, long? Seed, int BatchSize, bool DropLast, Func<Batch, Batch> Transform)
{
    /// <summary>The fewest items the last batch may hold; a smaller last batch is left out. 1 by default (only an empty batch is).</summary>
    public int MinimumLastBatch { get; init; } = 1;

    /// <summary>Items per epoch that are drawn into batches: all of the split but a last batch left out by <see cref="DropLast"/> or <see cref="MinimumLastBatch"/>.</summary>
    public long ItemsPerEpoch => Source.Count - LeftOutPerEpoch;

    /// <summary>Items of the split that no batch holds, each epoch: the short last batch when it is left out.</summary>
    public long LeftOutPerEpoch
    {
        get
        {
            var remainder = Source.Count % BatchSize;
            return DropLast || remainder < MinimumLastBatch ? remainder : 0;
        }
    }

    /// <summary>The batches in one epoch.</summary>
    public long BatchesPerEpoch => (ItemsPerEpoch + BatchSize - 1) / BatchSize;

    /// <summary>The same pipeline, shuffled each epoch by a permutation drawn from <paramref name="seed"/> and the epoch's index.</summary>
    public BatchPipeline Shuffle(long seed) => this with { Seed = seed };

    /// <summary>The same pipeline with <paramref name="size"/> items per batch.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1.</exception>
    public BatchPipeline Batch(int size, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return this with { BatchSize = size, DropLast = dropLast };
    }

    /// <summary>The same pipeline, leaving out a last batch of fewer than <paramref name="items"/> items (for a model with batch norm, 2).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="items"/> is less than 1.</exception>
    public BatchPipeline WithMinimumLastBatch(int items)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        return this with { MinimumLastBatch = items };
    }

    /// <summary>The same pipeline with <paramref name="transform"/> applied to each batch after the current transforms.</summary>
    public BatchPipeline SelectBatch(Func<Batch, Batch> transform) => this with { Transform = batch => transform(Transform(batch)) };

    /// <summary>The same pipeline with <paramref name="images"/> applied to each batch's images after the current transforms.</summary>
    public BatchPipeline Select(Func<Tensor, Tensor> images) => SelectBatch(batch => batch with { Images = images(batch.Images) });

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/>, drawn lazily by indexing the split's tensors with the epoch's
    /// permutation. Each batch's tensors belong to the enumeration, not to any dispose scope: they stay valid until
    /// the consumer moves to the next batch or stops, and are freed then. Clone a tensor to keep it longer.
    /// </summary>
    public IEnumerable<Batch> Epoch(long epoch = 0)
    {
        var end = ItemsPerEpoch;
        var order = Seed is { } seed ? Shuffling.Permutation(Source.Count, Shuffling.EpochSeed(seed, epoch)).DetachFromDisposeScope() : null;
        try
        {
            for (var start = 0L; start < end; start += BatchSize)
            {
                var batch = Draw(order, start, Math.Min(BatchSize, end - start));
                try
                {
                    yield return batch;
                }
                finally
                {
                    batch.Images.Dispose();
                    batch.Labels.Dispose();
                }
            }
        }
        finally
        {
            order?.Dispose();
        }
    }

    private Batch Draw(Tensor? order, long start, long length)
    {
        using var scope = NewDisposeScope();
        var raw = order is null
            ? new Batch(Source.Images.narrow(0, start, length), Source.Labels.narrow(0, start, length))
            : Gather(order.narrow(0, start, length));
        var batch = Transform(raw);
        return new Batch(batch.Images.DetachFromDisposeScope(), batch.Labels.DetachFromDisposeScope());
    }

    private Batch Gather(Tensor indices) => new(Source.Images.index_select(0, indices), Source.Labels.index_select(0, indices));
}
