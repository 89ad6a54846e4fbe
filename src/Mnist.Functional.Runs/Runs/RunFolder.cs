using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.IO;

namespace Mnist.Functional.Runs;

/// <summary>How a run takes its folder.</summary>
public enum FolderClaim
{
    /// <summary>The folder must not hold a run yet; it is created if it does not exist.</summary>
    New,

    /// <summary>The path is a first choice: when it already holds a run, <c>-2</c>, <c>-3</c>, … is appended until a free one is found.</summary>
    Unique,

    /// <summary>The folder holds the run being resumed, which goes on writing there.</summary>
    Resume,

    /// <summary>A run already in the folder is deleted first (its report, metrics, history, checkpoint and <c>run.json</c>; nothing else).</summary>
    Replace,
}

/// <summary>A run's folder and the files a run writes into it.</summary>
/// <param name="Path">The folder, as a full path.</param>
public sealed record RunFolder(string Path)
{
    /// <summary>The checkpoint's folder name inside a run's folder.</summary>
    public const string CheckpointName = "checkpoint";

    /// <summary>The run's record (<see cref="RunJournal"/>).</summary>
    public string Record => System.IO.Path.Combine(Path, RunJournal.FileName);

    /// <summary>The HTML report.</summary>
    public string Report => System.IO.Path.Combine(Path, "report.html");

    /// <summary>The figures as JSON.</summary>
    public string Metrics => System.IO.Path.Combine(Path, "metrics.json");

    /// <summary>One CSV row per epoch.</summary>
    public string History => System.IO.Path.Combine(Path, "history.csv");

    /// <summary>The checkpoint folder.</summary>
    public string Checkpoint => System.IO.Path.Combine(Path, CheckpointName);

    /// <summary>Every path by its name in <c>metrics.json</c>.</summary>
    public IReadOnlyDictionary<string, string> ByName() => new Dictionary<string, string>
    {
        ["folder"] = Path,
        ["report"] = Report,
        ["metrics"] = Metrics,
        ["history"] = History,
        ["checkpoint"] = Checkpoint,
    };

    /// <summary>The default folder for a run started at <paramref name="now"/>: <c>runs/yyyyMMdd-HHmmss</c> (take it with <see cref="FolderClaim.Unique"/>).</summary>
    public static string DefaultFor(DateTime now) => System.IO.Path.Combine("runs", now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

    /// <summary>The folder of a checkpoint's run: the parent of a folder called <c>checkpoint</c>, else the checkpoint folder itself.</summary>
    public static string OfCheckpoint(string checkpoint)
    {
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(checkpoint));
        return System.IO.Path.GetFileName(full) == CheckpointName ? System.IO.Path.GetDirectoryName(full)! : full;
    }

    /// <summary>
    /// The file that makes <paramref name="path"/> a run's folder: its <c>run.json</c>, else its checkpoint's manifest
    /// (<c>checkpoint/checkpoint.json</c>, or that of a copy a killed save left beside it); <see langword="null"/> when it
    /// holds neither. Only what a run itself writes counts: a stray <c>metrics.json</c> (a shell's <c>--json &gt;
    /// metrics.json</c> creates one, empty, before the program starts) or an empty <c>checkpoint/</c> does not make a folder a run.
    /// </summary>
    public static string? RunMarker(string path)
    {
        var record = System.IO.Path.Combine(path, RunJournal.FileName);
        return File.Exists(record) ? record : CheckpointStore.AnyManifest(System.IO.Path.Combine(path, CheckpointName));
    }

    /// <summary>Whether <paramref name="path"/> holds a run: see <see cref="RunMarker"/>.</summary>
    public static bool HoldsRun(string path) => RunMarker(path) is not null;

    /// <summary>
    /// Creates or takes the folder <paramref name="path"/> for a run, as <paramref name="claim"/> says: takes its lock first
    /// (<see cref="RunLease"/>), so that no live run can be replaced, resumed twice or written into by another, then proves
    /// the folder writable by creating the run's record file there: two runs can never take the same folder, even when
    /// started in the same second. Dispose the lease when the run ends.
    /// </summary>
    /// <exception cref="RunFolderException">
    /// The folder holds a run already (for <see cref="FolderClaim.New"/>), a live run holds it (for every claim but
    /// <see cref="FolderClaim.Unique"/>, which goes on to the next name), or it cannot be created, locked or written.
    /// </exception>
    public static RunLease Take(string path, FolderClaim claim)
    {
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        if (claim != FolderClaim.Resume && InsideRun(full) is { } inside)
            throw new RunFolderException(full, $"it is inside the run in {inside.Run} ({inside.Marker} makes that folder a run), and a new run does not write into another one. Give a folder of its own.");
        for (var attempt = 1; attempt <= 1000; attempt++)
        {
            var candidate = attempt == 1 ? full : full + "-" + attempt.ToString(CultureInfo.InvariantCulture);
            LockFile? held = null;
            try
            {
                if (File.Exists(candidate))
                    throw new RunFolderException(candidate, "a file has that name.");
                Directory.CreateDirectory(candidate);
                held = RunLease.TryLock(candidate);
                if (held is null)
                {
                    if (claim == FolderClaim.Unique) continue;
                    throw new RunFolderException(candidate, $"a run that is still going holds it (another process holds {System.IO.Path.Combine(candidate, RunLease.LockName)}), and {Refused(claim)}. Wait for that run to end, or give another folder.") { HeldByLiveRun = true };
                }
                if (claim == FolderClaim.Replace)
                    Clear(candidate);
                else if (FailedBeforeTraining(candidate))
                    File.Delete(System.IO.Path.Combine(candidate, RunJournal.FileName));   // all that such a run wrote
                var record = System.IO.Path.Combine(candidate, RunJournal.FileName);
                if (claim == FolderClaim.Resume)
                {
                    using (new FileStream(record, FileMode.OpenOrCreate, FileAccess.Write)) { }
                    return Leased(candidate, ref held);
                }
                if (RunMarker(candidate) is { } marker)
                {
                    if (claim == FolderClaim.Unique) continue;
                    throw new RunFolderException(candidate, $"it holds a run already ({marker}), and a new run does not overwrite one.");
                }
                using (new FileStream(record, FileMode.CreateNew, FileAccess.Write)) { }
                return Leased(candidate, ref held);
            }
            catch (IOException) when (claim == FolderClaim.Unique && Directory.Exists(candidate) && File.Exists(System.IO.Path.Combine(candidate, RunJournal.FileName)))
            {
                // another run took this one between the check and the claim: try the next
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException and not RunFolderException)
            {
                throw new RunFolderException(candidate, $"it cannot be created or written ({WriteFailure.Reason(e, System.IO.Path.Combine(candidate, RunJournal.FileName))}).", e);
            }
            finally
            {
                held?.Dispose();
            }
        }
        throw new RunFolderException(full, "a thousand folders of that name hold runs already.");
    }

    // The lease on folder, which now owns the lock (so the caller's finally no longer releases it).
    private static RunLease Leased(string folder, ref LockFile? held)
    {
        var lease = new RunLease(new RunFolder(folder), held!);
        held = null;
        return lease;
    }

    private static string Refused(FolderClaim claim) => claim switch
    {
        FolderClaim.Replace => "--replace does not delete a live run",
        FolderClaim.Resume => "a run is resumed by one process at a time",
        _ => "a new run does not write into it",
    };

    /// <summary>
    /// The run folder that holds <paramref name="path"/>, or <paramref name="path"/> itself as a checkpoint folder, with the
    /// file that makes it a run; <see langword="null"/> when there is none. Nothing of a new run or an import goes there:
    /// it would mix with that run.
    /// </summary>
    public static (string Run, string Marker)? Enclosing(string path) => InsideRun(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path)));

    // The run folder that holds path, or path itself as a checkpoint folder, if any, with the file that makes it a
    // run: a run written there would mix with it.
    private static (string Run, string Marker)? InsideRun(string path)
    {
        var manifest = System.IO.Path.Combine(path, CheckpointStore.ManifestFile);
        if (File.Exists(manifest))
            return (System.IO.Path.GetDirectoryName(path) ?? path, manifest);
        for (var parent = System.IO.Path.GetDirectoryName(path); parent is not null; parent = System.IO.Path.GetDirectoryName(parent))
        {
            if (RunMarker(parent) is { } marker)
                return (parent, marker);
        }
        return null;
    }

    // A run that failed before it trained anything (no data, say) keeps nothing worth keeping: its folder is free for
    // the next try of the same command. Its run.json says "failed" with no epoch done, and it has no checkpoint.
    private static bool FailedBeforeTraining(string folder)
    {
        var record = System.IO.Path.Combine(folder, RunJournal.FileName);
        if (!File.Exists(record) || File.Exists(System.IO.Path.Combine(folder, CheckpointName, CheckpointStore.ManifestFile)))
            return false;
        try
        {
            var json = JsonText.ParseObject(RunJournal.ReadText(record), record, "a run record");
            return json["state"] is JsonValue state && state.TryGetValue<string>(out var text) && text == "failed"
                && RunResultJson.Find(json, RunResultJson.FieldOfJournal(json, "training.epochs")) is JsonValue epochs && epochs.TryGetValue<int>(out var done) && done == 0;
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Clear(string folder)
    {
        foreach (var file in RunContents.OwnFiles.Where(name => name != RunLease.LockName))
            File.Delete(System.IO.Path.Combine(folder, file));
        var checkpoint = System.IO.Path.Combine(folder, CheckpointName);
        if (Directory.Exists(checkpoint)) Directory.Delete(checkpoint, recursive: true);
    }
}
