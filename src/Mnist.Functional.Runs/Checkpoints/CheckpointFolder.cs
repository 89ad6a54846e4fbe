using Mnist.Functional.IO;

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
/// save and deleted when it lets go (<see cref="LockFile"/>). A kill can therefore leave: DIR and a half-written
/// <c>.tmp</c>; no DIR but a complete <c>.tmp</c> and an <c>.old</c> (between the two renames); DIR and an
/// <c>.old</c>, perhaps half deleted; the lock file. Whoever next takes the lock (a writer, or any reader) restores
/// DIR from the newest complete copy if it is missing and deletes the rest: no live process can be using them, since
/// a writer holds the lock until it has finished. Where no lock can be made (read-only media), nothing is renamed,
/// and a reader reads the newest complete copy where it lies.
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
    /// <exception cref="FileWriteException">
    /// No lock can be made there (a read-only file system, <c>/proc</c>: said at once), or a file could not be written
    /// (a full disk); the message names the checkpoint.
    /// </exception>
    public static void Run(string target, IReadOnlyList<Step> steps, int count)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        LockFile? taken;
        try
        {
            taken = LockFile.Take(LockPath(target), WriterWait);
        }
        catch (LockUnavailableException e)
        {
            throw new FileWriteException(target, e.Reason, e);
        }
        using var held = taken
                         ?? throw new IOException($"Another process is writing the checkpoint {target} (it holds {LockPath(target)}) and did not finish within {WriterWait.TotalSeconds:0} s. Wait for it to finish, or write this run elsewhere.");
        RemoveLeftovers(target);
        var finished = false;
        try
        {
            foreach (var step in steps.Take(count)) step.Run();
            finished = true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException || e.GetType() == typeof(IOException) || e is DirectoryNotFoundException)
        {
            // The file system's own failure (a full disk, no permission), said about the checkpoint, not a staging folder.
            throw new FileWriteException(target, e);
        }
        finally
        {
            // A failure (a full disk, say) is tidied up now, the way the next writer or reader would after a kill.
            if (!finished) RecoverHolding(target);
        }
    }

    /// <summary>
    /// The folder to read the checkpoint saved as <paramref name="target"/> from, after making it whole if a kill
    /// interrupted its save: the newest complete copy beside it is renamed back when the folder itself is missing, and
    /// copies no live writer uses are deleted. While another process writes (it holds the lock) nothing is touched; where
    /// no lock can be made (read-only media) nothing can be renamed, and the newest complete copy is read where it lies.
    /// </summary>
    /// <param name="target">The checkpoint folder's full path.</param>
    /// <returns><paramref name="target"/>, or a complete copy beside it on read-only media; <see langword="null"/> when there is no checkpoint.</returns>
    public static string? Readable(string target)
    {
        if (!Directory.Exists(Path.GetDirectoryName(target)) || Leftovers(target).Length == 0)
            return Directory.Exists(target) ? target : null;
        try
        {
            using var held = LockFile.Take(LockPath(target), Directory.Exists(target) ? TimeSpan.Zero : ReaderWait);
            if (held is not null) RecoverHolding(target);
        }
        catch (LockUnavailableException)
        {
            // Read-only media: what a kill left stays as it is, and the newest complete copy is read in place.
        }
        return Directory.Exists(target) ? target : NewestComplete(target);
    }

    /// <summary>
    /// The manifest that shows a checkpoint is saved as <paramref name="target"/>: its own, else that of a copy a killed
    /// save left beside it; <see langword="null"/> when there is neither. Nothing is checked or recovered: a quick look.
    /// </summary>
    public static string? AnyManifest(string target)
    {
        var own = Path.Combine(target, CheckpointStore.ManifestFile);
        if (File.Exists(own)) return own;
        return Leftovers(target).Select(folder => Path.Combine(folder, CheckpointStore.ManifestFile)).FirstOrDefault(File.Exists);
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
    public static string LockPath(string target) => Path.Combine(Path.GetDirectoryName(target)!, CheckpointStore.LockName(Path.GetFileName(target)));

    private static void RecoverHolding(string target)
    {
        if (!Directory.Exists(target) && NewestComplete(target) is { } newest)
            Directory.Move(newest, target);
        RemoveLeftovers(target);
    }

    // Of the copies beside target, the complete one with the most steps; a new one (.tmp) before an old one of the same step.
    private static string? NewestComplete(string target) =>
        Leftovers(target)
            .Where(IsComplete)
            .OrderByDescending(folder => CheckpointManifest.Read(folder).Step)
            .ThenBy(folder => folder.EndsWith(StagingSuffix, StringComparison.Ordinal) ? 0 : 1)
            .FirstOrDefault();

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
}
