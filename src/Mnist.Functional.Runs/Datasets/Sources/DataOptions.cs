namespace Mnist.Functional.Datasets.Sources;

/// <summary>Where dataset files may come from and how to fetch them.</summary>
/// <param name="DataDirectory">A folder of files to use instead of every other source (<c>--data-dir</c>), or <see langword="null"/>.</param>
/// <param name="Cache">The cache; <see langword="null"/> for <see cref="DataCache.Default"/>.</param>
/// <param name="Download">Time-outs and retries; <see langword="null"/> for <see cref="DownloadOptions.Default"/>.</param>
/// <param name="Progress">Receives progress while files are transferred; <see langword="null"/> for none.</param>
/// <param name="LockTimeout">The longest wait for another process that is filling the cache; <see langword="null"/> for 10 minutes.</param>
/// <param name="Images">How the host prepares an image file, for a folder of labelled images; <see langword="null"/> when it reads none.</param>
public sealed record DataOptions(
    string? DataDirectory = null,
    DataCache? Cache = null,
    DownloadOptions? Download = null,
    IProgress<DownloadProgress>? Progress = null,
    TimeSpan? LockTimeout = null,
    IImagePreparation? Images = null)
{
    /// <summary>The cache to use.</summary>
    public DataCache ResolvedCache => Cache ?? DataCache.Default();
}
