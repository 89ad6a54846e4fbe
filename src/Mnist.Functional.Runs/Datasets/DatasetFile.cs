
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

/// <summary>One file of a dataset: its name, what it holds, how many items, and the SHA-256 of its raw (uncompressed) bytes.</summary>
/// <param name="Name">The file name without <c>.gz</c>, such as <c>train-images-idx3-ubyte</c>.</param>
/// <param name="Split">The split the file belongs to.</param>
/// <param name="Kind">Images or labels.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the raw bytes.</param>
/// <param name="Count">The number of items (images or labels) it holds.</param>
public sealed record DatasetFile(string Name, SplitKind Split, IdxKind Kind, string Sha256, long Count)
{
    /// <summary>For an images file, the size of each image: 28 × 28 unless a dataset says otherwise. Not used for labels.</summary>
    public ImageShape Image { get; init; } = ImageShape.Mnist;

    /// <summary>
    /// For a labels file, 0 when it holds one unsigned byte per item (magic <c>0x00000801</c>, as MNIST's), or the
    /// number of 32-bit integers per item when it holds rows of them (magic <c>0x00000C02</c>, as QMNIST's
    /// <c>idx2-int</c> files, whose first column is the class). Not used for images.
    /// </summary>
    public int LabelColumns { get; init; }

    /// <summary>The header this file must have: what it holds, how many items, and each item's shape and width.</summary>
    public IdxHeader Header => Kind == IdxKind.Images
        ? new IdxHeader(IdxKind.Images, Count, [Image.Height, Image.Width])
        : LabelColumns > 0 ? new IdxHeader(IdxKind.Labels, Count, [LabelColumns], ElementBytes: 4) : new IdxHeader(IdxKind.Labels, Count, []);

    /// <summary>
    /// The length of the raw file in bytes: its header (16 bytes for images, 8 for byte labels, 12 for integer labels)
    /// plus the items (height × width bytes per image, 1 per byte label, 4 per integer). Nothing longer is read,
    /// decompressed or downloaded for this file.
    /// </summary>
    public long RawLength => Header.FileLength;

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
