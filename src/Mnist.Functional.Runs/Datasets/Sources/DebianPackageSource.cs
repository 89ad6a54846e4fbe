using Mnist.Functional.IO;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>The files a Debian package installs (Fashion-MNIST: <c>dataset-fashion-mnist</c>), copied into the cache after verification.</summary>
/// <param name="cache">The cache the files are copied into.</param>
/// <param name="dataset">The dataset whose files are copied.</param>
/// <param name="package">The package and the folder it installs into.</param>
public sealed class DebianPackageSource(DataCache cache, DatasetInfo dataset, DebianPackage package) : IDataSource
{
    /// <inheritdoc/>
    public string Name => $"Debian package {package.Name} ({package.Folder})";

    /// <inheritdoc/>
    public async Task<SourceResult> FetchAsync(IReadOnlyList<DatasetFile> files, CancellationToken cancellation)
    {
        if (!Directory.Exists(package.Folder))
            return SourceResult.Failed($"{package.Folder} does not exist: install the package as root with 'apt-get install {package.Name}'");
        var found = new Dictionary<DatasetFile, string>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            if (FolderFiles.Find(package.Folder, file) is not { } path)
            {
                problems.Add(FolderFiles.Missing(package.Folder, file));
                continue;
            }
            await using var content = InputFile.OpenRead(path, "an IDX file");
            found[file] = await cache.InstallAsync(dataset, file, content, IdxReader.IsGzip(path), path, cancellation);
        }
        return SourceResult.Of(found, problems);
    }
}
