using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using Mnist.Functional.IO;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>
/// The folder where verified dataset files are kept, one subfolder per dataset, as raw (uncompressed) IDX files.
/// Files enter it only whole and verified (temp file, SHA-256, atomic rename), and a lock file keeps two processes
/// from filling it at once.
/// </summary>
/// <param name="root">The cache folder; see <see cref="DefaultRoot"/>.</param>
public sealed class DataCache(string root)
{
    /// <summary>The environment variable that, when set, names the cache folder.</summary>
    public const string EnvironmentVariable = "MNIST_FUNCTIONAL_DATA";

    private const string PartialSuffix = ".partial";

    /// <summary>The cache folder.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The cache at <see cref="DefaultRoot"/>.</summary>
    public static DataCache Default() => new(DefaultRoot());

    /// <summary><c>$MNIST_FUNCTIONAL_DATA</c>, else <c>$XDG_CACHE_HOME/mnist-functional</c>, else <c>~/.cache/mnist-functional</c>.</summary>
    public static string DefaultRoot()
    {
        var explicitRoot = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitRoot))
            return explicitRoot;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var cacheHome = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(cacheHome, "mnist-functional");
    }

    /// <summary>The folder that holds <paramref name="dataset"/>'s files.</summary>
    public string Folder(DatasetInfo dataset) => Path.Combine(Root, dataset.Id);

    /// <summary>Where <paramref name="file"/> of <paramref name="dataset"/> is kept.</summary>
    public string PathOf(DatasetInfo dataset, DatasetFile file) => Path.Combine(Folder(dataset), file.Name);

    /// <summary>
    /// Takes the cross-process lock on <paramref name="dataset"/>'s folder, waiting up to <paramref name="timeout"/> for
    /// another holder. Dispose the result to release it.
    /// </summary>
    /// <exception cref="IOException">The lock was still held by another process when the time ran out.</exception>
    public Task<IDisposable> LockAsync(DatasetInfo dataset, TimeSpan timeout, CancellationToken cancellation = default) =>
        LockAsync(Folder(dataset), LockPath(dataset), "filling it", timeout, cancellation);

    /// <summary>
    /// Takes the cross-process lock on the registry of added datasets (<see cref="DatasetRegistry"/>), waiting up to
    /// <paramref name="timeout"/> for another holder. Dispose the result to release it.
    /// </summary>
    /// <exception cref="IOException">The lock was still held by another process when the time ran out.</exception>
    public Task<IDisposable> LockRegistryAsync(TimeSpan timeout, CancellationToken cancellation = default) =>
        LockAsync(Root, Path.Combine(Root, ".datasets.lock"), "changing its list of added datasets", timeout, cancellation);

    private static async Task<IDisposable> LockAsync(string folderPath, string path, string activity, TimeSpan timeout, CancellationToken cancellation)
    {
        var folder = MakeFolder(folderPath);
        if (FileKinds.Of(path) is not (FileKind.Missing or FileKind.Regular))
            InputFile.RequireRegular(path, "a lock file");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            LockFile? held;
            try
            {
                held = LockFile.TryTake(path);
            }
            catch (LockUnavailableException e)
            {
                throw new IOException($"The cache folder {folder} cannot be locked for {activity}: {e.Message}.", e);
            }
            if (held is not null)
                return held;
            if (clock.Elapsed >= timeout)
                throw new IOException(
                    $"The cache folder {folder} is locked by another process {activity} ({path}), and it was still locked after {timeout.InSeconds()}. " +
                    "Wait for that process to finish and try again.");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
        }
    }

    /// <summary>
    /// Copies <paramref name="content"/> (raw, or gzip when <paramref name="gzipped"/>) into the cache as <paramref name="file"/>'s
    /// raw bytes: written to a temp file in the same folder, verified, then renamed into place. Nothing is left behind on failure.
    /// </summary>
    /// <param name="dataset">The dataset the file belongs to.</param>
    /// <param name="file">The file being installed.</param>
    /// <param name="content">The bytes, read once from the start.</param>
    /// <param name="gzipped">Whether <paramref name="content"/> is gzip-compressed.</param>
    /// <param name="origin">Where the bytes come from (a URL, a path), for error messages.</param>
    /// <param name="cancellation">Stops the copy; the temp file is removed.</param>
    /// <returns>The installed file's path.</returns>
    /// <exception cref="ChecksumMismatchException">The bytes are not the catalog's.</exception>
    /// <exception cref="IdxCompressionException">The content is not valid gzip.</exception>
    /// <exception cref="ContentTooLongException">The content holds more than the catalog's file can (<see cref="DatasetFile.RawLength"/>, or <see cref="DatasetFile.MaxGzipLength"/> compressed); reading stopped there.</exception>
    public async Task<string> InstallAsync(DatasetInfo dataset, DatasetFile file, Stream content, bool gzipped, string origin, CancellationToken cancellation = default)
    {
        var folder = MakeFolder(dataset);
        var temp = Path.Combine(folder, $".{file.Name}.{Guid.NewGuid():N}{PartialSuffix}");
        try
        {
            var description = $"{dataset.Title} {file.Name} ({file.Describe()})";
            await using var compressed = new BoundedReadStream(content, gzipped ? file.MaxGzipLength : file.RawLength, () => new ContentTooLongException(origin,
                $"it holds more than {(gzipped ? file.MaxGzipLength : file.RawLength):N0} {(gzipped ? "compressed " : "")}bytes, the most the {description} file can have (reading stopped there): it is not that file."), leaveOpen: true);
            await using var decompressed = gzipped ? new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true) : null;
            await using var raw = new BoundedReadStream(decompressed ?? (Stream)compressed, file.RawLength, () => new ContentTooLongException(origin,
                $"it decompresses to more than {file.RawLength:N0} bytes, the length of the {description} file (decompression stopped there): it is not that file."), leaveOpen: true);
            var actual = await CopyAndHashAsync(raw, temp, origin, cancellation);
            if (actual != file.Sha256)
                throw new ChecksumMismatchException(origin, file.Sha256, actual, description);
            var target = PathOf(dataset, file);
            File.Move(temp, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Deletes the temp files (<c>*.partial</c>) that killed downloads left in <paramref name="dataset"/>'s folder, when no
    /// process is filling it now: only the holder of the folder's lock writes them, so with the lock free every one is stale.
    /// Does nothing while another process holds the lock, or where the folder cannot be written.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public int RemoveStalePartialFiles(DatasetInfo dataset)
    {
        var partials = PartialFiles(dataset).ToList();
        if (partials.Count == 0)
            return 0;
        try
        {
            using var held = LockFile.TryTake(LockPath(dataset));
            if (held is null) return 0;
            foreach (var partial in partials) File.Delete(partial);
            return partials.Count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private string LockPath(DatasetInfo dataset) => Path.Combine(Folder(dataset), ".lock");

    // The dataset's folder, made if it is missing; a failure said about the cache, in our words.
    private string MakeFolder(DatasetInfo dataset) => MakeFolder(Folder(dataset));

    private static string MakeFolder(string path)
    {
        var folder = Path.GetFullPath(path);
        try
        {
            return Directory.CreateDirectory(folder).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The cache folder {folder} cannot be made: {WriteFailure.Reason(e, folder, isFolder: true)}.", e);
        }
    }

    /// <summary>Temp files that an interrupted process left in <paramref name="dataset"/>'s folder.</summary>
    public IEnumerable<string> PartialFiles(DatasetInfo dataset) =>
        Directory.Exists(Folder(dataset)) ? Directory.EnumerateFiles(Folder(dataset), "*" + PartialSuffix) : [];

    private static async Task<string> CopyAndHashAsync(Stream source, string target, string origin, CancellationToken cancellation)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            try
            {
                int read;
                while ((read = await source.ReadAsync(buffer, cancellation)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellation);
                }
            }
            catch (InvalidDataException e)
            {
                throw new IdxCompressionException(origin, e);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
