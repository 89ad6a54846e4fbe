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
    public const string RecordFile = RunRecord.FileName;

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
            throw new DirectoryNotFoundException($"There is no run folder or checkpoint folder at {path}.");
        if (HoldsRun(full)) return full;
        if (File.Exists(Path.Combine(full, CheckpointStore.ManifestFile)))
        {
            var parent = Path.GetDirectoryName(full);
            return parent is not null && HoldsRun(parent) && Path.GetFileName(full) == CheckpointFolder ? parent : full;
        }
        throw new InvalidDataException($"{path} is not a run folder: it has no {RecordFile} or {CheckpointFolder}/{CheckpointStore.ManifestFile}.");
    }

    /// <summary>The checkpoint folder of the run that <paramref name="path"/> names: the path itself when it holds a checkpoint, else its run's <c>checkpoint/</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="FileNotFoundException">The run has no checkpoint (it stopped before its first save).</exception>
    public static string CheckpointOf(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(Path.Combine(full, CheckpointStore.ManifestFile))) return full;
        var checkpoint = Path.Combine(Resolve(path), CheckpointFolder);
        return File.Exists(Path.Combine(checkpoint, CheckpointStore.ManifestFile))
            ? checkpoint
            : throw new FileNotFoundException($"The run in {path} has no checkpoint ({CheckpointFolder}/{CheckpointStore.ManifestFile} is missing): it stopped before saving one.", checkpoint);
    }

    /// <summary>
    /// The runs in <paramref name="directory"/>, oldest first (by start, else end, then by folder name): each folder
    /// directly under it that holds a run, or the one run when <paramref name="directory"/> is itself a run or checkpoint folder.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    public static IReadOnlyList<RunSummary> List(string directory)
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

    /// <summary>Reads the run that <paramref name="path"/> names (see <see cref="Resolve"/>); files it cannot read are passed over and named in <see cref="RunSummary.Reason"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The folder holds no run.</exception>
    public static RunSummary Read(string path)
    {
        var folder = Resolve(path);
        var problems = new List<string>();
        var record = ReadObject(Path.Combine(folder, RecordFile), problems, emptyIsNone: true);
        var metrics = ReadObject(Path.Combine(folder, MetricsFile), problems);
        // A checkpoint folder moved out of its run folder stands for its run on its own.
        var checkpointFolder = File.Exists(Path.Combine(folder, CheckpointStore.ManifestFile)) ? folder : Path.Combine(folder, CheckpointFolder);
        var manifestPath = Path.Combine(checkpointFolder, CheckpointStore.ManifestFile);
        var manifest = ReadObject(manifestPath, problems);

        var configuration = (record?["spec"] ?? metrics?["config"] ?? manifest?["metadata"]?["config"]) as JsonObject ?? [];
        var (state, reason) = StateOf(record, metrics is not null, manifest is not null, Path.Combine(folder, RecordFile));
        if (problems.Count > 0) reason = string.Join("; ", problems.Prepend(reason).Where(text => text.Length > 0));

        return new RunSummary(folder, state, reason, (JsonObject)configuration.DeepClone())
        {
            EpochsCompleted = Int(record?["epochs_completed"]) ?? Int(metrics?["epochs"]) ?? Int(manifest?["epoch"]) ?? 0,
            TestAccuracy = Double(record?["test_accuracy"]) ?? Double(metrics?["test_accuracy"]),
            TestLoss = Double(record?["test_loss"]) ?? Double(metrics?["test_loss"]),
            // A run stopped in its first epoch recorded no epoch's time before the record counted the steps of a cut epoch;
            // its checkpoint has them, so the larger of the two is the time it trained.
            TrainingSeconds = Larger(Double(record?["training_seconds"]) ?? Double(metrics?["timings"]?["training_seconds"]), TrainingSecondsOf(manifest)),
            Started = Moment(record?["started_utc"]),
            Ended = Moment(record?["ended_utc"]) ?? WrittenAt(metrics is not null ? Path.Combine(folder, MetricsFile) : manifest is not null ? manifestPath : null),
            Command = Text(record?["command"]),
            LibraryVersion = Text(record?["library_version"]),
            Checkpoint = manifest is not null ? checkpointFolder : null,
            Report = File.Exists(Path.Combine(folder, ReportFile)) ? Path.Combine(folder, ReportFile) : null,
        };
    }

    /// <summary>The run's training history (every epoch and step), as its checkpoint saved it; empty when it has no checkpoint.</summary>
    /// <exception cref="InvalidDataException">The checkpoint's history is not readable.</exception>
    public static History HistoryOf(RunSummary run)
    {
        if (run.Checkpoint is not { } checkpoint) return History.Empty;
        var manifest = CheckpointStore.ReadManifest(checkpoint);
        return HistoryJson.FromJson(manifest["metadata"]?["history"]);
    }

    private static (RunState State, string Reason) StateOf(JsonObject? record, bool hasMetrics, bool hasCheckpoint, string recordPath)
    {
        if (record?["state"]?.GetValue<string>() is { } stated && Enum.TryParse<RunState>(stated, ignoreCase: true, out var state))
        {
            var reason = Text(record["reason"]) ?? "";
            return state == RunState.Running && ProcessGone(record) is { } gone
                ? (RunState.Interrupted, gone)
                : (state, state == RunState.Running ? $"{RecordFile} last written {WrittenAt(recordPath):yyyy-MM-dd HH:mm} UTC" : reason);
        }
        if (hasMetrics) return (RunState.Finished, "");
        if (hasCheckpoint) return (RunState.Interrupted, "no final evaluation (no metrics.json): it stopped before its end; its checkpoint can resume it");
        return (RunState.Running, "nothing written yet but the folder's claim");
    }

    /// <summary>Why a run recorded as running is not: its process (<c>pid</c> on this <c>host</c>) is gone; null when it may still run or the record does not say.</summary>
    private static string? ProcessGone(JsonObject record)
    {
        if (Int(record["pid"]) is not { } pid) return null;
        if (Text(record["host"]) is { } host && !host.Equals(Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return null;
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

    private static JsonObject? ReadObject(string path, List<string> problems, bool emptyIsNone = false)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var text = InputFile.ReadAllText(path, "a JSON document", 64L << 20);
            if (emptyIsNone && text.Trim().Length == 0) return null;
            return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("it is not a JSON object");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"{Path.GetFileName(path)} is unreadable ({e.Message})");
            return null;
        }
    }

    // The seconds of training a checkpoint holds: its epochs', and the steps of the epoch it was saved in.
    private static double? TrainingSecondsOf(JsonObject? manifest)
    {
        try
        {
            if (manifest?["metadata"]?["history"] is not { } history) return null;
            var cut = manifest["metadata"]?["progress"] is { } progress ? HistoryJson.ProgressFromJson(progress).Seconds : 0;
            return HistoryJson.FromJson(history).TrainingSeconds + cut;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static double? Larger(double? a, double? b) => a is { } x && b is { } y ? Math.Max(x, y) : a ?? b;

    private static DateTimeOffset? WrittenAt(string? path) => path is not null && File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;

    private static DateTimeOffset? Moment(JsonNode? node) =>
        Text(node) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment) ? moment : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    private static double? Double(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
