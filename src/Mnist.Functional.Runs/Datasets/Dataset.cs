using Mnist.Functional.Data;

namespace Mnist.Functional.Datasets;

/// <summary>
/// A loaded dataset: its training and test splits in tensors, where the files came from, and the training split's
/// pixel statistics (computed once, on load). Dispose it to free the tensors.
/// </summary>
public sealed class Dataset : IDisposable
{
    private Dataset(VerifiedFiles files, Split train, Split test)
    {
        Files = files;
        Train = train;
        Test = test;
        Stats = PixelStats.Of(train.Images);
    }

    /// <summary>The catalog entry.</summary>
    public DatasetInfo Info => Files.Dataset;

    /// <summary>The verified files the splits were read from.</summary>
    public VerifiedFiles Files { get; }

    /// <summary>The training split: <c>images: [60000, 28, 28] uint8</c>, <c>labels: [60000] int64</c>.</summary>
    public Split Train { get; }

    /// <summary>The test split: <c>images: [10000, 28, 28] uint8</c>, <c>labels: [10000] int64</c>.</summary>
    public Split Test { get; }

    /// <summary>The mean and standard deviation of the training pixels scaled to [0, 1], for <see cref="Preprocess.Normalize"/>.</summary>
    public PixelStats Stats { get; }

    /// <summary>Reads both splits from files that are already verified.</summary>
    /// <exception cref="IdxFormatException">A file breaks the IDX format, or images and labels disagree in count.</exception>
    public static Dataset Load(VerifiedFiles files)
    {
        var train = ReadSplit(files, SplitKind.Train);
        try
        {
            return new Dataset(files, train, ReadSplit(files, SplitKind.Test));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>The standard preprocessing with this dataset's statistics: <c>[B, 28, 28] uint8 -> [B, 1, 28, 28] float32</c>.</summary>
    public Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Preprocessing => Preprocess.Standard(Stats);

    /// <summary>Frees both splits.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    private static Split ReadSplit(VerifiedFiles files, SplitKind split) =>
        IdxReader.ReadSplit(files.PathOf(split, IdxKind.Images), files.PathOf(split, IdxKind.Labels));
}
