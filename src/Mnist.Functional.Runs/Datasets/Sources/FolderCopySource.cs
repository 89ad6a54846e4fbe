using Mnist.Functional.IO;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// A folder that holds a dataset's files under their names, raw or gzip (a Debian package's, or the folder an added
/// dataset came from): each file is copied into the cache, verified against its SHA-256 as it is copied.
/// </summary>
/// <param name="cache">The cache the files are copied into.</param>
/// <param name="dataset">The dataset whose files are copied.</param>
/// <param name="folder">The folder.</param>
/// <param name="name">What the folder is, for messages: <c>Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)</c>.</param>
/// <param name="whenMissing">Why the folder might not be there and what to do, when it is not.</param>
public sealed class FolderCopySource(DataCache cache, DatasetInfo dataset, string folder, string name, string whenMissing) : IDataSource
{
    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public async Task<SourceResult> FetchAsync(IReadOnlyList<DatasetFile> files, CancellationToken cancellation)
    {
        if (!Directory.Exists(folder))
            return SourceResult.Failed($"{folder} does not exist: {whenMissing}");
        var found = new Dictionary<DatasetFile, string>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            if (FolderFiles.Find(folder, file) is not { } path)
            {
                problems.Add(FolderFiles.Missing(folder, file));
                continue;
            }
            await using var content = InputFile.OpenRead(path, "an IDX file");
            found[file] = await cache.InstallAsync(dataset, file, content, IdxReader.IsGzip(path), path, cancellation);
        }
        return SourceResult.Of(found, problems);
    }
}
