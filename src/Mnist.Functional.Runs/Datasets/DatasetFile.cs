
namespace Mnist.Functional.Datasets;

/// <summary>Which half of a dataset a file belongs to.</summary>
public enum SplitKind
{
    /// <summary>The training split (60,000 items for MNIST and Fashion-MNIST).</summary>
    Train,

    /// <summary>The test split (10,000 items).</summary>
    Test,
}

/// <summary>What an IDX file holds, with the magic number that says so.</summary>
public enum IdxKind
{
    /// <summary>Labels: magic <c>0x00000801</c>, one unsigned byte per item.</summary>
    Labels = 0x0801,

    /// <summary>Images: magic <c>0x00000803</c>, rows × columns unsigned bytes per item.</summary>
    Images = 0x0803,
}

/// <summary>One file of a dataset: its standard name, what it holds, how many items, and the SHA-256 of its raw (uncompressed) bytes.</summary>
/// <param name="Name">The standard file name without <c>.gz</c>, such as <c>train-images-idx3-ubyte</c>.</param>
/// <param name="Split">The split the file belongs to.</param>
/// <param name="Kind">Images or labels.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the raw bytes.</param>
/// <param name="Count">The number of items (images or labels) it holds.</param>
public sealed record DatasetFile(string Name, SplitKind Split, IdxKind Kind, string Sha256, long Count)
{
    /// <summary>
    /// The length of the raw file in bytes: its header (16 bytes for images, 8 for labels) plus the items (28 × 28 bytes
    /// per image, 1 per label). Nothing longer is read, decompressed or downloaded for this file.
    /// </summary>
    public long RawLength => Kind == IdxKind.Images
        ? 16 + Count * DatasetInfo.ImageSize * DatasetInfo.ImageSize
        : 8 + Count;

    /// <summary>
    /// The most compressed bytes a gzip copy of this file may have: the raw length plus deflate's worst-case overhead
    /// (5 bytes per 64 KiB stored block) and room for the gzip header and trailer.
    /// </summary>
    public long MaxGzipLength => RawLength + RawLength / 8192 + 64 * 1024;

    /// <summary>The compressed file's name, as mirrors and package copies ship it: <c>Name.gz</c>.</summary>
    public string GzipName => Name + ".gz";

    /// <summary>A short description for messages, such as <c>train images</c>.</summary>
    public string Describe() => $"{Split.ToString().ToLowerInvariant()} {Kind.ToString().ToLowerInvariant()}";
}
