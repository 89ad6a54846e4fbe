namespace Mnist.Functional.Datasets.Sources;

/// <summary>The files a Debian package installs (Fashion-MNIST: <c>dataset-fashion-mnist</c>), copied into the cache after verification.</summary>
/// <param name="cache">The cache the files are copied into.</param>
/// <param name="dataset">The dataset whose files are copied.</param>
/// <param name="package">The package and the folder it installs into.</param>
public sealed class DebianPackageSource(DataCache cache, DatasetInfo dataset, DebianPackage package) : IDataSource
{
    private readonly FolderCopySource folder = new(cache, dataset, package.Folder, $"Debian package {package.Name} ({package.Folder})",
        $"install the package as root with 'apt-get install {package.Name}'");

    /// <inheritdoc/>
    public string Name => folder.Name;

    /// <inheritdoc/>
    public Task<SourceResult> FetchAsync(IReadOnlyList<DatasetFile> files, CancellationToken cancellation) => folder.FetchAsync(files, cancellation);
}
