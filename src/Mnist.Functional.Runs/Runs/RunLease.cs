using Mnist.Functional.IO;

namespace Mnist.Functional.Runs;

/// <summary>
/// A run's hold on its folder for as long as it lives: an exclusive lock on <see cref="LockName"/> inside the folder
/// (<see cref="LockFile"/>), taken by <see cref="RunFolder.Take"/> before anything in the folder is touched and held
/// until the run ends, however it ends. No other run can replace, resume or write into a folder while it is held.
/// </summary>
public sealed class RunLease : IDisposable
{
    /// <summary>The lock file's name inside a run's folder.</summary>
    public const string LockName = ".run.lock";

    private readonly LockFile held;

    internal RunLease(RunFolder folder, LockFile held) => (Folder, this.held) = (folder, held);

    /// <summary>The folder held.</summary>
    public RunFolder Folder { get; }

    /// <summary>
    /// Takes the lock of the run folder <paramref name="folder"/>, which exists; <see langword="null"/> when another
    /// process holds it (a live run).
    /// </summary>
    /// <exception cref="RunFolderException">No lock can be made there (a read-only file system, <c>/proc</c>): said at once.</exception>
    internal static LockFile? TryLock(string folder)
    {
        try
        {
            return LockFile.TryTake(Path.Combine(folder, LockName));
        }
        catch (LockUnavailableException e)
        {
            throw new RunFolderException(folder, $"no run can hold it: {e.Reason}.", e);
        }
    }

    /// <summary>Releases the folder (and deletes the lock file).</summary>
    public void Dispose() => held.Dispose();
}
