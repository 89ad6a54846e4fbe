namespace Mnist.Functional.Datasets.Sources;

/// <summary>A folder the user names (<c>--data-dir</c>): its files are used in place, raw or gzip, after verification.</summary>
/// <param name="folder">The folder that holds the files under their standard names.</param>
public sealed class DirectorySource(string folder) : IDataSource
{
    /// <summary>The folder, as a full path.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <inheritdoc/>
    public string Name => $"folder {Folder}";

    /// <summary>Verifies each file found in the folder; a corrupt one throws, naming the file.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFileException">A file is present but corrupt or not the expected file.</exception>
    public async Task<SourceResult> FetchAsync(IReadOnlyList<DatasetFile> files, CancellationToken cancellation)
    {
        if (!Directory.Exists(Folder))
            throw new DirectoryNotFoundException($"The data folder {Folder} does not exist.");
        var found = new Dictionary<DatasetFile, string>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            if (FolderFiles.Find(Folder, file) is not { } path)
            {
                problems.Add(FolderFiles.Missing(Folder, file));
                continue;
            }
            await FileChecksum.VerifyAsync(file, path, cancellation);
            found[file] = path;
        }
        return SourceResult.Of(found, problems);
    }
}
