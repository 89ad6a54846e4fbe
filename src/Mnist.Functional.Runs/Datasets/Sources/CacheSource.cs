using Mnist.Functional.IO;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>The cache: files that an earlier run verified and kept, verified again before use.</summary>
/// <param name="cache">The cache.</param>
/// <param name="dataset">The dataset whose files are looked for.</param>
public sealed class CacheSource(DataCache cache, DatasetInfo dataset) : IDataSource
{
    /// <inheritdoc/>
    public string Name => $"cache {cache.Folder(dataset)}";

    /// <summary>Delivers each cached file whose SHA-256 is right; a corrupt one is reported (and left for a later source to replace).</summary>
    public async Task<SourceResult> FetchAsync(IReadOnlyList<DatasetFile> files, CancellationToken cancellation)
    {
        var found = new Dictionary<DatasetFile, string>();
        var problems = new List<string>();
        var absent = files.Where(file => !File.Exists(cache.PathOf(dataset, file))).Select(file => file.Name).ToList();
        if (absent.Count > 0)
            problems.Add($"not cached yet: {string.Join(", ", absent)}");
        foreach (var file in files.Where(file => File.Exists(cache.PathOf(dataset, file))))
        {
            var path = cache.PathOf(dataset, file);
            try
            {
                await FileChecksum.VerifyAsync(file, path, cancellation);
                found[file] = path;
            }
            catch (DataFileException e)
            {
                problems.Add($"the cached {file.Name} is corrupt and will be replaced: {e.Problem}");
            }
            catch (NotARegularFileException e)
            {
                problems.Add($"the cached {file.Name} is {e.Found.Describe()}, not a file, and will be replaced");
            }
        }
        return SourceResult.Of(found, problems);
    }
}
