using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;

namespace Mnist.Functional.Runs;

/// <summary>The states a run's record can be in.</summary>
public enum RunState
{
    /// <summary>Training or evaluating now (or the process died without a word: a record left "running" by a process that is gone).</summary>
    Running,

    /// <summary>Every epoch ran, or the run stopped on purpose (early stopping, time budget), and was evaluated.</summary>
    Finished,

    /// <summary>Stopped by the user (Ctrl+C); the checkpoint holds where it got to.</summary>
    Interrupted,

    /// <summary>The loss became NaN or infinite, or an error ended the run.</summary>
    Failed,
}

/// <summary>
/// What a run folder says about its run: <c>run.json</c>, written atomically (a temporary file, then a rename)
/// when the run starts and again when it ends. Its shape, schema version 2:
/// <code>
/// {
///   "schema_version": 2,
///   "state": "running" | "finished" | "interrupted" | "failed",
///   "started_utc": "2026-11-29T20:41:07Z",           // ISO 8601, UTC
///   "ended_utc": null | "2026-11-29T20:42:15Z",
///   "reason": "Trained 1 epoch.",                     // one line: why it ended ("" while running)
///   "command": "mnist train --model fast …",          // the command line that reproduces the run ("" if the host gave none)
///   "library_version": "1.0.0+&lt;commit&gt;",
///   "pid": 12345, "host": "build-7",                  // the process that wrote it, so a reader can tell a dead "running" run
///   "results": {                                      // the brief part of the results document (RunResultJson), named as there
///     "test": { "accuracy": 0.9874, "loss": 0.0412 },   // the final evaluation's, when there was one
///     "initial_test": { "accuracy": 0.61 },             // a fine-tuned run's starting model
///     "training": { "epochs": 1 },                      // epochs done so far
///     "timing": { "training_seconds": 56.1,             // in training steps, every session of a resumed run and a cut epoch's steps included
///                 "total_seconds": 61.0 }               // wall time of every session (never less than training_seconds)
///   },
///   "spec": { … }                                      // the run specification, as RunSpecJson writes it
/// }
/// </code>
/// A reader should accept fields it does not know, and refuse a <c>schema_version</c> higher than it knows. Version 1
/// (the figures flat: <c>epochs_completed</c>, <c>test_accuracy</c>, <c>test_loss</c>, <c>training_seconds</c>,
/// <c>total_seconds</c>) is still read.
/// </summary>
/// <param name="State">Where the run is.</param>
/// <param name="StartedUtc">When it started.</param>
/// <param name="EndedUtc">When it ended; <see langword="null"/> while running.</param>
/// <param name="Reason">Why it ended, in one line; empty while running.</param>
/// <param name="Command">The command line that reproduces the run; empty when the host gave none.</param>
/// <param name="Spec">The run specification.</param>
public sealed record RunJournal(RunState State, DateTime StartedUtc, DateTime? EndedUtc, string Reason, string Command, RunSpec Spec)
{
    /// <summary>The file's name in a run folder.</summary>
    public const string FileName = "run.json";

    /// <summary>The version of this shape.</summary>
    public const int SchemaVersion = 2;

    /// <summary>The library's version, as the record writes it.</summary>
    public static string LibraryVersion => global::Mnist.Functional.Runs.LibraryVersion.Current;

    /// <summary>Epochs done so far.</summary>
    public int EpochsCompleted { get; init; }

    /// <summary>The final test accuracy, when the run was evaluated.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>The final test loss, when the run was evaluated.</summary>
    public double? TestLoss { get; init; }

    /// <summary>For a fine-tuned run, the test accuracy of the model it started from, measured before its first step.</summary>
    public double? InitialTestAccuracy { get; init; }

    /// <summary>Seconds spent in training steps when the run ended, over every session of a resumed run, the steps of an epoch cut short included.</summary>
    public double? TrainingSeconds { get; init; }

    /// <summary>Wall-clock seconds of the whole run when it ended, every session of a resumed run added up.</summary>
    public double? TotalSeconds { get; init; }

    /// <summary>The record as JSON, in the shape above.</summary>
    public JsonObject ToJson() => new()
    {
        ["schema_version"] = SchemaVersion,
        ["state"] = State.ToString().ToLowerInvariant(),
        ["started_utc"] = Utc(StartedUtc),
        ["ended_utc"] = EndedUtc is { } ended ? Utc(ended) : null,
        ["reason"] = OneLine(Reason),
        ["command"] = Command,
        ["library_version"] = LibraryVersion,
        ["pid"] = Environment.ProcessId,
        ["host"] = Environment.MachineName,
        ["results"] = RunResultJson.Brief(EpochsCompleted, TestAccuracy, TestLoss, InitialTestAccuracy, TrainingSeconds, TotalSeconds),
        ["spec"] = RunSpecJson.ToJson(Spec),
    };

    /// <summary>Writes the record to <paramref name="folder"/>'s <c>run.json</c>, atomically.</summary>
    public void Write(RunFolder folder) => AtomicFile.WriteText(folder.Record, JsonText.Write(ToJson(), Readable) + "\n");

    // Unescaped text (paths, "×") for people reading run.json; NaN and infinities become null (JsonText).
    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads the <c>run.json</c> of <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">The folder has no <c>run.json</c>.</exception>
    /// <exception cref="InvalidDataException">The file is not a run record this version can read.</exception>
    public static RunJournal Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return Parse(ReadText(path), path);
    }

    /// <summary>The text of the run record at <paramref name="path"/>, read as a regular file of at most 64 MiB.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">It is not a regular file, or is larger than that.</exception>
    public static string ReadText(string path) => InputFile.ReadAllText(path, "a run record", 64L << 20);

    /// <summary>A run record from the <paramref name="text"/> of the <c>run.json</c> at <paramref name="path"/> (named in messages).</summary>
    /// <exception cref="InvalidDataException">The text is not a run record this version can read.</exception>
    public static RunJournal Parse(string text, string path)
    {
        try
        {
            var json = JsonText.ParseObject(text, path, "a run record");
            var version = json["schema_version"]?.GetValue<int>() ?? 0;
            if (version is < 1 or > SchemaVersion)
                throw new InvalidDataException($"{path} has schema_version {version}; this version reads 1 to {SchemaVersion}.");
            return new RunJournal(
                Enum.Parse<RunState>(json["state"]?.GetValue<string>() ?? throw new InvalidDataException("it has no state"), ignoreCase: true),
                DateTime.Parse(json["started_utc"]?.GetValue<string>() ?? throw new InvalidDataException("it has no started_utc"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                json["ended_utc"] is { } ended ? DateTime.Parse(ended.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) : null,
                json["reason"]?.GetValue<string>() ?? "",
                json["command"]?.GetValue<string>() ?? "",
                RunSpecJson.FromJson(json["spec"] as JsonObject ?? [], path, "spec"))
            {
                EpochsCompleted = Figure(json, "training.epochs")?.GetValue<int>() ?? 0,
                TestAccuracy = Figure(json, "test.accuracy")?.GetValue<double>(),
                TestLoss = Figure(json, "test.loss")?.GetValue<double>(),
                InitialTestAccuracy = Figure(json, "initial_test.accuracy")?.GetValue<double>(),
                TrainingSeconds = Figure(json, "timing.training_seconds")?.GetValue<double>(),
                TotalSeconds = Figure(json, "timing.total_seconds")?.GetValue<double>(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path} is not a readable run record ({e.Message}).", e);
        }
    }

    // A figure of the results, where the record's version keeps it.
    private static JsonNode? Figure(JsonObject json, string figure) => RunResultJson.Find(json, RunResultJson.FieldOfJournal(json, figure));

    private static string Utc(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
