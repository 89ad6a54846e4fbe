using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Datasets;

/// <summary>
/// A loaded dataset: its training and test splits in tensors, where they came from (the verified files, or a folder's
/// images), and the training split's pixel statistics (computed once, on load). Dispose it to free the tensors.
/// </summary>
public sealed class Dataset : IDisposable
{
    private Dataset(DatasetInfo info, Split train, Split test, VerifiedFiles? files, ImageFolderContents? contents)
    {
        Info = info;
        Train = train;
        Test = test;
        Files = files;
        Contents = contents;
        Stats = PixelStats.Of(train.Count > 0 ? train.Images : test.Images);
    }

    /// <summary>The dataset's description: name, classes, image size.</summary>
    public DatasetInfo Info { get; }

    /// <summary>The verified files the splits were read from; <see langword="null"/> for a folder of images.</summary>
    public VerifiedFiles? Files { get; }

    /// <summary>For a folder of images, the files each split's items were read from and the files that could not be read; <see langword="null"/> otherwise.</summary>
    public ImageFolderContents? Contents { get; }

    /// <summary>The training split: <c>images: [N, H, W] uint8</c> (60,000 × 28 × 28 for MNIST), <c>labels: [N] int64</c>, classes from 0.</summary>
    public Split Train { get; }

    /// <summary>The test split: <c>images: [M, H, W] uint8</c> (10,000 × 28 × 28 for MNIST), <c>labels: [M] int64</c>, classes from 0.</summary>
    public Split Test { get; }

    /// <summary>The mean and standard deviation of the training pixels scaled to [0, 1], for <see cref="Preprocess.Normalize"/> (the test pixels' when there is no training split).</summary>
    public PixelStats Stats { get; }

    /// <summary>
    /// Reads both splits from files that are already verified: images of the files' size, turned upright when the
    /// dataset is <see cref="DatasetInfo.Transposed"/>, and labels turned into classes (<see cref="DatasetInfo.Labels"/>),
    /// each checked to be one of the dataset's.
    /// </summary>
    /// <exception cref="IdxFormatException">A file breaks the IDX format, images and labels disagree in count, or a label is not one of the classes.</exception>
    public static Dataset Load(VerifiedFiles files)
    {
        var train = ReadSplit(files, SplitKind.Train);
        try
        {
            return new Dataset(files.Dataset, train, ReadSplit(files, SplitKind.Test), files, null);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A dataset of splits already in memory (a folder's images, or a test's own data): the splits are taken over and
    /// freed with it. Every label must be a class of <paramref name="info"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not <c>[N, H, W] uint8</c> of the dataset's size, or a label is not one of its classes.</exception>
    public static Dataset Of(DatasetInfo info, Split train, Split test, ImageFolderContents? contents = null)
    {
        foreach (var (split, name) in new[] { (train, "training"), (test, "test") })
        {
            if (split.Images.dtype != ScalarType.Byte || split.Images.dim() != 3 || split.Images.shape[1] != info.Image.Height || split.Images.shape[2] != info.Image.Width)
                throw new ArgumentException($"The {name} images are [{string.Join(", ", split.Images.shape)}] {split.Images.dtype}, but {info.Title}'s are [N, {info.Image.Height}, {info.Image.Width}] uint8.");
            if (split.Count > 0 && (split.Labels.min().item<long>() < 0 || split.Labels.max().item<long>() >= info.Classes))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A {name} label is outside the classes 0 to {info.Classes - 1} of {info.Title}."));
        }
        return new Dataset(info, train, test, null, contents);
    }

    /// <summary>The standard preprocessing with this dataset's statistics: <c>[B, H, W] uint8 -> [B, 1, H, W] float32</c>.</summary>
    public Func<Tensor, Tensor> Preprocessing => Preprocess.Standard(Stats);

    /// <summary>Frees both splits.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    private static Split ReadSplit(VerifiedFiles files, SplitKind split)
    {
        var info = files.Dataset;
        var labelsPath = files.PathOf(split, IdxKind.Labels);
        var read = IdxReader.ReadSplit(files.PathOf(split, IdxKind.Images), labelsPath, info.File(split, IdxKind.Images).Image);
        try
        {
            using var scope = NewDisposeScope();
            var classes = Classes(read.Labels, info, labelsPath);
            var images = info.Transposed ? read.Images.transpose(1, 2).contiguous() : read.Images;
            if (ReferenceEquals(classes, read.Labels) && ReferenceEquals(images, read.Images))
                return read;
            images.DetachFromDisposeScope();
            classes.DetachFromDisposeScope();
            var upright = new Split(images, classes);
            if (!ReferenceEquals(images, read.Images)) read.Images.Dispose();
            if (!ReferenceEquals(classes, read.Labels)) read.Labels.Dispose();
            return upright;
        }
        catch
        {
            read.Dispose();
            throw;
        }
    }

    // The class of each label: the label itself when classes are labelled 0, 1, 2, …, else its place in the dataset's labels.
    private static Tensor Classes(Tensor labels, DatasetInfo info, string labelsPath)
    {
        if (labels.shape[0] == 0)
            return labels;
        using var scalars = new ScalarScope();
        if (info.Labels is not { } known)
        {
            var beyond = labels.ge(scalars.Of((long)info.Classes));
            if (beyond.any().item<bool>())
            {
                var item = beyond.nonzero()[0, 0].item<long>();
                throw new IdxLabelException(labelsPath, item, string.Create(CultureInfo.InvariantCulture,
                    $"is {labels[item].item<long>()}, but {info.Title}'s {info.Classes} classes are labelled 0 to {info.Classes - 1}"));
            }
            return labels;
        }
        var largest = known.Max();
        var beyondKnown = labels.gt(scalars.Of(largest));
        var lookup = full([largest + 1], scalars.Of(-1L), ScalarType.Int64);
        lookup.index_put_(tensor(known.Select((_, index) => (long)index).ToArray()), tensor(known.ToArray()));
        var classes = lookup.index_select(0, labels.clamp(scalars.Of(0L), scalars.Of(largest))).where(beyondKnown.logical_not(), -1L);
        var unknown = classes.lt(scalars.Of(0L));
        if (unknown.any().item<bool>())
        {
            var item = unknown.nonzero()[0, 0].item<long>();
            throw new IdxLabelException(labelsPath, item, string.Create(CultureInfo.InvariantCulture,
                $"is {labels[item].item<long>()}, which is none of the labels of {info.Title}'s {info.Classes} classes ({Range(known)})"));
        }
        return classes;
    }

    private static string Range(IReadOnlyList<long> labels) =>
        labels.Count <= 12 ? string.Join(", ", labels) : string.Create(CultureInfo.InvariantCulture, $"{labels[0]}, {labels[1]}, … {labels[^1]}");
}
