using System.Diagnostics;

namespace Mnist.Functional.Checkpoints;

/// <summary>
/// The folder operations behind <see cref="CheckpointStore"/>: a save as a list of steps that each leave a
/// recoverable state, the lock that keeps a reader from tidying up under a writer, the recovery of a checkpoint
/// whose swap a kill interrupted, and the removal of what killed saves left behind.
/// </summary>
/// <remarks>
/// Beside a checkpoint folder <c>DIR</c> a save uses <c>DIR.ID.tmp</c> (the new checkpoint being written; complete
/// once its manifest is there, which is written last), <c>DIR.ID.old</c> (the previous checkpoint, renamed away
/// just before the new one is renamed in) and the lock file <c>.DIR.lock</c>, held by the writer for the whole
/// save. A kill can therefore leave: DIR and a half-written <c>.tmp</c>; no DIR but a complete <c>.tmp</c> and an
/// <c>.old</c> (between the two renames); DIR and an <c>.old</c>, perhaps half deleted. Whoever next takes the lock
/// restores DIR from the newest complete copy if it is missing and deletes the rest: no live process can be using
/// them, since a writer holds the lock until it has finished.
/// </remarks>
internal static class CheckpointFolder
{
    private const string StagingSuffix = ".tmp";
    private const string RetiredSuffix = ".old";
    private static readonly TimeSpan WriterWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReaderWait = TimeSpan.FromSeconds(10);

    /// <summary>One step of a save, named for messages and for tests that stop a save between steps.</summary>
    internal sealed record Step(string Name, Action Run);

    /// <summary>
    /// The steps that save <paramref name="write"/>'s files as the checkpoint <paramref name="target"/>: write them into
    /// a staging folder, retire the old folder, move the new one in, delete the old one.
    /// </summary>
    /// <param name="target">The checkpoint folder's full path, without a trailing separator.</param>
    /// <param name="write">Writes the files into the folder it is given, the manifest last (its presence marks the folder complete).</param>
    public static IReadOnlyList<Step> SaveSteps(string target, IReadOnlyList<(string Name, Action<string> Write)> write)
    {
        var staging = $"{target}.{Guid.NewGuid():N}{StagingSuffix}";
        var retired = $"{target}.{Guid.NewGuid():N}{RetiredSuffix}";
        return
        [
            new("create the staging folder", () => Directory.CreateDirectory(staging)),
            .. write.Select(file => new Step($"write {file.Name}", () => file.Write(staging))),
            new("retire the old checkpoint", () =>
            {
                if (Directory.Exists(target)) Directory.Move(target, retired);
            }),
            new("move the new checkpoint into place", () => Directory.Move(staging, target)),
            new("delete the old checkpoint", () =>
            {
                if (Directory.Exists(retired)) Directory.Delete(retired, recursive: true);
            }),
        ];
    }

    /// <summary>Runs <paramref name="steps"/> under the writer's lock, after removing what earlier killed saves left.</summary>
    /// <param name="target">The checkpoint folder's full path.</param>
    /// <param name="steps">From <see cref="SaveSteps"/>.</param>
    /// <param name="count">How many of the steps to run; fewer than all only to simulate a kill between two steps.</param>
    /// <exception cref="IOException">Another process kept the lock for longer than the writer waits.</exception>
    public static void Run(string target, IReadOnlyList<Step> steps, int count)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var held = Lock(target, WriterWait)
                         ?? throw new IOException($"Another process is writing the checkpoint {target} (it holds {LockPath(target)}) and did not finish within {WriterWait.TotalSeconds:0} s. Wait for it to finish, or write this run elsewhere.");
        RemoveLeftovers(target);
        var finished = false;
        try
        {
            foreach (var step in steps.Take(count)) step.Run();
            finished = true;
        }
        finally
        {
            // A failure (a full disk, say) is tidied up now, the way the next writer or reader would after a kill.
            if (!finished) RecoverHolding(target);
        }
    }

    /// <summary>
    /// Makes <paramref name="target"/> loadable if a kill interrupted its save: restores the newest complete copy
    /// beside it when the folder itself is missing, and deletes copies that no live writer uses. Does nothing when
    /// the lock cannot be taken (another process is writing: it will leave a complete checkpoint) or created (a
    /// read-only place, where nothing can have been half saved by this user).
    /// </summary>
    /// <param name="target">The checkpoint folder's full path.</param>
    public static void Recover(string target)
    {
        if (!Directory.Exists(Path.GetDirectoryName(target)) || (Directory.Exists(target) && Leftovers(target).Length == 0))
            return;
        using var held = Lock(target, Directory.Exists(target) ? TimeSpan.Zero : ReaderWait);
        if (held is not null) RecoverHolding(target);
    }

    /// <summary>Whether <paramref name="folder"/> holds a complete checkpoint: a readable manifest and tensor files that match its checksums.</summary>
    public static bool IsComplete(string folder)
    {
        try
        {
            var manifest = CheckpointManifest.Read(folder);
            return new[] { CheckpointStore.ModelFile, CheckpointStore.OptimizerFile }
                .All(file => CheckpointManifest.FileMatches(folder, file, manifest.RequireChecksum(folder, file)));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The lock file beside <paramref name="target"/>.</summary>
    public static string LockPath(string target) => Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.lock");

    private static void RecoverHolding(string target)
    {
        if (!Directory.Exists(target))
        {
            var newest = Leftovers(target)
                .Where(IsComplete)
                .OrderByDescending(folder => CheckpointManifest.Read(folder).Step)
                .ThenBy(folder => folder.EndsWith(StagingSuffix, StringComparison.Ordinal) ? 0 : 1)
                .FirstOrDefault();
            if (newest is not null) Directory.Move(newest, target);
        }
        RemoveLeftovers(target);
    }

    private static void RemoveLeftovers(string target)
    {
        foreach (var leftover in Leftovers(target))
        {
            try
            {
                Directory.Delete(leftover, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next writer; the checkpoint itself is not affected.
            }
        }
    }

    private static string[] Leftovers(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        var name = Path.GetFileName(target);
        return Directory.Exists(parent)
            ? Directory.EnumerateDirectories(parent, $"{name}.*{StagingSuffix}").Concat(Directory.EnumerateDirectories(parent, $"{name}.*{RetiredSuffix}")).ToArray()
            : [];
    }

    // The lock is an exclusive advisory lock on the lock file (FileShare.None), released by the system when its
    // holder exits, however it exits. Null when another process holds it for longer than wait, or it cannot be created.
    private static FileStream? Lock(string target, TimeSpan wait)
    {
        var path = LockPath(target);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
            catch (IOException) when (clock.Elapsed < wait)
            {
                Thread.Sleep(50);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
