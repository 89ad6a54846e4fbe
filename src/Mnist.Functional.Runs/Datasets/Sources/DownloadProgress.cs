namespace Mnist.Functional.Datasets.Sources;

/// <summary>How far a file's transfer into the cache has come, for a progress display.</summary>
/// <param name="File">The file's name, such as <c>train-images-idx3-ubyte.gz</c>.</param>
/// <param name="Source">Where it comes from: a URL or a package.</param>
/// <param name="Bytes">Bytes transferred so far.</param>
/// <param name="TotalBytes">The whole size, when the source says.</param>
/// <param name="BytesPerSecond">The average rate since the transfer started.</param>
/// <param name="Done">Whether this is the last report for the file.</param>
public readonly record struct DownloadProgress(string File, string Source, long Bytes, long? TotalBytes, double BytesPerSecond, bool Done);
