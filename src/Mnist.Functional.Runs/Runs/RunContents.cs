using Mnist.Functional.Checkpoints;
using Mnist.Functional.IO;

namespace Mnist.Functional.Runs;

/// <summary>
/// What a run holds, so that no other writer destroys it: the files a run writes in its folder (its record, report,
/// metrics and history, and the locks it holds) and its checkpoint, with the copies and the lock of a save in
/// progress. A command that writes a file the user named (<c>export --out</c>, <c>compare --out</c>,
/// <c>predict --show</c>) asks here first; a new file beside a run's own files is fine.
/// </summary>
public static class RunContents
{
    /// <summary>The names of the files a run writes directly in its folder.</summary>
    public static IReadOnlyList<string> OwnFiles { get; } = [RunJournal.FileName, "report.html", "metrics.json", "history.csv", RunLease.LockName];

    /// <summary>
    /// What of a run <paramref name="path"/> is, or lies inside, in words (<c>the checkpoint in /runs/a/checkpoint</c>,
    /// <c>inside the checkpoint in /runs/a/checkpoint</c>, <c>the run's record (run.json) in /runs/a</c>); <see langword="null"/> when writing there destroys nothing a run holds.
    /// Symbolic links on the way are followed, so a link to a run's file counts as that file.
    /// </summary>
    public static string? HeldPart(string path)
    {
        var real = LinkedPath.Resolve(path);
        for (var place = real; place is not null; place = Path.GetDirectoryName(place))
        {
            if (IsCheckpoint(place))
                return place == real ? $"the checkpoint in {place}" : $"inside the checkpoint in {place}";
        }
        var folder = Path.GetDirectoryName(real);
        var name = Path.GetFileName(real);
        if (folder is null || !RunFolder.HoldsRun(folder))
            return null;
        if (name == RunFolder.CheckpointName)
            return $"the checkpoint folder of the run in {folder}";
        if (OwnFiles.Contains(name, StringComparer.Ordinal))
            return $"the run's {Describe(name)} in {folder}";
        if (name == CheckpointStore.LockName(RunFolder.CheckpointName) || IsCheckpointCopy(name))
            return $"part of the checkpoint of the run in {folder}";
        return null;
    }

    // A checkpoint folder (its manifest is there), or a copy a save is writing or retiring beside one.
    private static bool IsCheckpoint(string folder) =>
        File.Exists(Path.Combine(folder, CheckpointStore.ManifestFile))
        || (IsCheckpointCopy(Path.GetFileName(folder)) && Path.GetDirectoryName(folder) is { } parent && RunFolder.HoldsRun(parent));

    private static bool IsCheckpointCopy(string name) =>
        name.StartsWith(RunFolder.CheckpointName + ".", StringComparison.Ordinal) && (name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".old", StringComparison.Ordinal));

    private static string Describe(string name) => name switch
    {
        RunJournal.FileName => $"record ({name})",
        "report.html" => $"report ({name})",
        "metrics.json" => $"metrics ({name})",
        "history.csv" => $"history ({name})",
        _ => $"lock ({name})",
    };
}
