using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.IO;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs;

/// <summary>
/// Reads run folders as a person sees them: finds the runs under a folder, tells what each ran and where it
/// got to, and loads their histories for comparison. Accepts a run folder or its checkpoint folder alike.
/// </summary>
/// <remarks>
/// A run's state comes from its <c>run.json</c> when it has one. Older folders have none, and a new run's
/// <c>run.json</c> is empty for a moment; then the state is read from what is there: <c>metrics.json</c> means the
/// run was evaluated (finished), a checkpoint without it means it stopped before its end (interrupted).
/// </remarks>
public static class RunFolders
{
    /// <summary>The run's own record.</summary>
    public const string RecordFile = RunJournal.FileName;

    /// <summary>The final figures.</summary>
    public const string MetricsFile = "metrics.json";

    /// <summary>The HTML report.</summary>
    public const string ReportFile = "report.html";

    /// <summary>The checkpoint's folder inside a run's folder.</summary>
    public const string CheckpointFolder = RunFolder.CheckpointName;

    /// <summary>Whether <paramref name="folder"/> holds a run: a <c>run.json</c> or a checkpoint (<see cref="RunFolder.RunMarker"/>).</summary>
    public static bool HoldsRun(string folder) => RunFolder.HoldsRun(folder);

    /// <summary>
    /// The run folder that <paramref name="path"/> names: the folder itself, the run folder of a checkpoint folder
    /// (one holding <c>checkpoint.json</c>), or the folder of a run's file such as its <c>report.html</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The folder holds no run.</exception>
    public static string Resolve(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(full)) full = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(full))
            full = CheckpointStore.Find(full) is not null ? full : throw new DirectoryNotFoundException($"There is no run folder or checkpoint folder at {path}.");
        if (HoldsRun(full)) return full;
        if (CheckpointStore.AnyManifest(full) is not null)
        {
            var parent = Path.GetDirectoryName(full);
            return parent is not null && HoldsRun(parent) && Path.GetFileName(full) == CheckpointFolder ? parent : full;
        }
        throw new InvalidDataException($"{path} is not a run folder: it has no {RecordFile} or {CheckpointFolder}/{CheckpointStore.ManifestFile}.");
    }

    /// <summary>
    /// The checkpoint folder of the run that <paramref name="path"/> names, ready to read: the path itself when it is a
    /// checkpoint, else its run's <c>checkpoint/</c>; a save that a kill interrupted is recovered first, the way
    /// <c>train --resume</c> recovers it (<see cref="CheckpointStore.Find"/>), and on read-only media the newest complete
    /// copy is read where it lies.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="FileNotFoundException">The run has no checkpoint, nor a complete copy of one (it stopped before its first save).</exception>
    public static string CheckpointOf(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!HoldsRun(full) && CheckpointStore.AnyManifest(full) is not null && CheckpointStore.Find(full) is { } direct)
            return direct;
        var checkpoint = Path.Combine(Resolve(path), CheckpointFolder);
        return CheckpointStore.Find(checkpoint) is { } found && File.Exists(Path.Combine(found, CheckpointStore.ManifestFile))
            ? found
            : throw new FileNotFoundException($"The run in {path} has no checkpoint ({CheckpointFolder}/{CheckpointStore.ManifestFile} is missing, and no complete copy lies beside it): it stopped before saving one.", checkpoint);
    }

    /// <summary>
    /// The runs in <paramref name="directory"/>, oldest first (by start, else end, then by folder name): each folder
    /// directly under it that holds a run, or the one run when <paramref name="directory"/> is itself a run or checkpoint folder.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    public static IReadOnlyList<SavedRun> List(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"There is no folder {directory} to list runs from.");
        if (HoldsRun(full) || File.Exists(Path.Combine(full, CheckpointStore.ManifestFile)))
            return [Read(full)];
        return Directory.EnumerateDirectories(full)
            .Where(HoldsRun)
            .Select(Read)
            .OrderBy(run => run.Date ?? DateTimeOffset.MaxValue)
            .ThenBy(run => run.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// Reads the run that <paramref name="path"/> names (see <see cref="Resolve"/>), never failing on what its files hold: a
    /// file or field that cannot be used is named in <see cref="SavedRun.Problems"/>, and a figure it would have given is
    /// marked in <see cref="SavedRun.Damaged"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The folder holds no run.</exception>
    public static SavedRun Read(string path)
    {
        var folder = Resolve(path);
        var fields = new RunFileFields();
        var recordPath = Path.Combine(folder, RecordFile);
        var metricsPath = Path.Combine(folder, MetricsFile);
        var record = fields.Object(recordPath, "a run record", emptyIsNone: true);
        var metrics = fields.Object(metricsPath, "a metrics document");
        // A checkpoint folder moved out of its run folder stands for its run on its own; a save a kill interrupted is recovered first.
        var saved = File.Exists(Path.Combine(folder, CheckpointStore.ManifestFile)) ? folder : Path.Combine(folder, CheckpointFolder);
        var checkpointFolder = CheckpointStore.Find(saved) ?? saved;
        var manifestPath = Path.Combine(checkpointFolder, CheckpointStore.ManifestFile);
        var manifest = fields.Object(manifestPath, "a checkpoint manifest");
        var metadata = fields.Child(manifest, manifestPath, "metadata", nameof(SavedRun.Configuration));

        var configuration = fields.Child(record, recordPath, "spec", nameof(SavedRun.Configuration))
                            ?? fields.Child(metrics, metricsPath, "config", nameof(SavedRun.Configuration))
                            ?? fields.Child(metadata, manifestPath, "config", nameof(SavedRun.Configuration)) ?? [];
        var (state, reason) = StateOf(fields, record, recordPath, metrics is not null, manifest is not null);
        const int mostSeconds = 1_000_000_000;   // about 32 years: more is no training time
        // Each figure where its file's version keeps it: the results' sections now, the flat names of older folders.
        string InJournal(string figure) => RunResultJson.FieldOfJournal(record, figure);
        string InMetrics(string figure) => RunResultJson.FieldOf(metrics, figure);
        return new SavedRun(folder, state, reason, (JsonObject)configuration.DeepClone())
        {
            EpochsCompleted = fields.Whole(record, recordPath, InJournal("training.epochs"), 0, int.MaxValue, nameof(SavedRun.EpochsCompleted))
                              ?? fields.Whole(metrics, metricsPath, InMetrics("training.epochs"), 0, int.MaxValue, nameof(SavedRun.EpochsCompleted))
                              ?? fields.Whole(manifest, manifestPath, "epoch", 0, int.MaxValue, nameof(SavedRun.EpochsCompleted)) ?? 0,
            TestAccuracy = fields.Number(record, recordPath, InJournal("test.accuracy"), "a fraction from 0 to 1", value => value is >= 0 and <= 1, nameof(SavedRun.TestAccuracy))
                           ?? fields.Number(metrics, metricsPath, InMetrics("test.accuracy"), "a fraction from 0 to 1", value => value is >= 0 and <= 1, nameof(SavedRun.TestAccuracy)),
            TestLoss = fields.Number(record, recordPath, InJournal("test.loss"), "a number of at least 0", value => value >= 0, nameof(SavedRun.TestLoss))
                       ?? fields.Number(metrics, metricsPath, InMetrics("test.loss"), "a number of at least 0", value => value >= 0, nameof(SavedRun.TestLoss)),
            // A run stopped in its first epoch recorded no epoch's time before the record counted the steps of a cut epoch;
            // its checkpoint has them, so the larger of the two is the time it trained.
            TrainingSeconds = Larger(
                fields.Number(record, recordPath, InJournal("timing.training_seconds"), "seconds from 0 to 1e9", value => value is >= 0 and <= mostSeconds, nameof(SavedRun.TrainingSeconds))
                ?? fields.Number(metrics, metricsPath, InMetrics("timing.training_seconds"), "seconds from 0 to 1e9", value => value is >= 0 and <= mostSeconds, nameof(SavedRun.TrainingSeconds)),
                TrainingSecondsOf(metadata)),
            Started = fields.Moment(record, recordPath, "started_utc", nameof(SavedRun.Date)),
            Ended = fields.Moment(record, recordPath, "ended_utc", nameof(SavedRun.Date)) ?? WrittenAt(metrics is not null ? metricsPath : manifest is not null ? manifestPath : null),
            Command = fields.Text(record, recordPath, "command", nameof(SavedRun.Command)),
            LibraryVersion = fields.Text(record, recordPath, "library_version", nameof(SavedRun.LibraryVersion)),
            Checkpoint = manifest is not null ? checkpointFolder : null,
            Report = File.Exists(Path.Combine(folder, ReportFile)) ? Path.Combine(folder, ReportFile) : null,
            Problems = fields.Problems,
            Damaged = fields.Damaged,
        };
    }

    /// <summary>The run's training history (every epoch and step), as its checkpoint saved it; empty when it has no checkpoint.</summary>
    /// <exception cref="InvalidDataException">The checkpoint's history is not readable.</exception>
    public static History HistoryOf(SavedRun run)
    {
        if (run.Checkpoint is not { } checkpoint) return History.Empty;
        var manifest = CheckpointStore.ReadManifest(checkpoint);
        return HistoryJson.FromJson(manifest["metadata"]?["history"]);
    }

    private static (RunState State, string Reason) StateOf(RunFileFields fields, JsonObject? record, string recordPath, bool hasMetrics, bool hasCheckpoint)
    {
        var stated = fields.Text(record, recordPath, "state", nameof(SavedRun.State));
        var state = Enum.GetValues<RunState>().Cast<RunState?>().FirstOrDefault(known => string.Equals(known.ToString(), stated, StringComparison.OrdinalIgnoreCase));
        if (stated is not null && state is null)
            fields.Problem($"{recordPath}: the field 'state' must be one of {string.Join(", ", Enum.GetNames<RunState>().Select(name => name.ToLowerInvariant()))}, but it is {JsonFields.Describe(record!["state"])}");
        if (state is { } known)
        {
            var reason = fields.Text(record, recordPath, "reason", nameof(SavedRun.Reason)) ?? "";
            return known == RunState.Running && ProcessGone(fields, record!, recordPath) is { } gone
                ? (RunState.Interrupted, gone)
                : (known, known == RunState.Running ? $"{RecordFile} last written {WrittenAt(recordPath):yyyy-MM-dd HH:mm} UTC" : reason);
        }
        if (hasMetrics) return (RunState.Finished, "");
        if (hasCheckpoint) return (RunState.Interrupted, "no final evaluation (no metrics.json): it stopped before its end; its checkpoint can resume it");
        return (RunState.Running, record is null && stated is null && fields.Problems.Count == 0 ? "nothing written yet but the folder's claim" : "its record cannot be read, and nothing else it writes is there yet");
    }

    /// <summary>Why a run recorded as running is not: its process (<c>pid</c> on this <c>host</c>) is gone; null when it may still run or the record does not say.</summary>
    private static string? ProcessGone(RunFileFields fields, JsonObject record, string recordPath)
    {
        if (fields.Whole(record, recordPath, "pid", 1, int.MaxValue, nameof(SavedRun.State)) is not { } pid) return null;
        if (fields.Text(record, recordPath, "host", nameof(SavedRun.State)) is { } host && !host.Equals(Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? Gone() : null;
        }
        catch (ArgumentException)
        {
            return Gone();
        }

        string Gone() => string.Create(CultureInfo.InvariantCulture, $"recorded as running, but its process ({pid}) has ended without recording how the run ended");
    }

    // The seconds of training a checkpoint holds: its epochs', and the steps of the epoch it was saved in (a history the
    // listing cannot read gives none; loading the checkpoint says what is wrong with it).
    private static double? TrainingSecondsOf(JsonObject? metadata)
    {
        try
        {
            if (metadata?["history"] is not { } history) return null;
            var cut = metadata["progress"] is { } progress ? HistoryJson.ProgressFromJson(progress).Seconds : 0;
            var seconds = HistoryJson.FromJson(history).TrainingSeconds + cut;
            return double.IsFinite(seconds) && seconds >= 0 ? seconds : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static double? Larger(double? a, double? b) => a is { } x && b is { } y ? Math.Max(x, y) : a ?? b;

    private static DateTimeOffset? WrittenAt(string? path) => path is not null && File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;
}
