using System.Diagnostics;
using Mnist.Functional.Text;

namespace Mnist.Functional.IO;

/// <summary>
/// An exclusive lock that processes take on a file beside what they write (a checkpoint, a run's folder, a dataset's
/// cache): an advisory lock on the file (<see cref="FileShare.None"/>), which the system releases however its holder
/// ends. The holder deletes the file when it lets go, so no lock file outlives the work it guarded; a taker checks,
/// once it holds the lock, that the file it locked is still the one at the path, so two processes never both hold it.
/// </summary>
/// <remarks>
/// A lock that is held by another process is told apart from one that cannot be made at all (a read-only file
/// system, <c>/proc</c>, no permission): the first is worth waiting for, the second is said at once.
/// </remarks>
public sealed class LockFile : IDisposable
{
    // Linux's EWOULDBLOCK, which .NET gives as the HResult of a lock another open file holds; Windows' sharing violation.
    private const int HeldElsewhere = 11;
    private const int SharingViolation = unchecked((int)0x80070020);

    private readonly FileStream stream;

    private LockFile(string path, FileStream stream) => (Path, this.stream) = (path, stream);

    /// <summary>The lock file's full path.</summary>
    public string Path { get; }

    /// <summary>Takes the lock at <paramref name="path"/> if no other process holds it; <see langword="null"/> when one does.</summary>
    /// <exception cref="LockUnavailableException">The lock file cannot be made or opened there; the message says why.</exception>
    public static LockFile? TryTake(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException e) when (e.HResult is HeldElsewhere or SharingViolation)
            {
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LockUnavailableException(full, e);
            }
            // The holder before us may have deleted the file after we opened it: then our lock guards nothing, try again.
            if (UnixFileStatus.SameFile(stream.SafeFileHandle, full))
                return new LockFile(full, stream);
            stream.Dispose();
        }
        return null;
    }

    /// <summary>Takes the lock at <paramref name="path"/>, waiting up to <paramref name="wait"/> while another process holds it.</summary>
    /// <returns>The lock, or <see langword="null"/> when another process still held it when the time ran out.</returns>
    /// <exception cref="LockUnavailableException">The lock file cannot be made or opened there (said at once, without waiting).</exception>
    public static LockFile? Take(string path, TimeSpan wait, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (TryTake(path) is { } held) return held;
            if (clock.Elapsed >= wait) return null;
            cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Deletes the lock file and releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next holder, who takes it over; the lock itself is released below.
        }
        stream.Dispose();
    }
}
