using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>Run folders written from nothing, as version 1 of the app wrote them (the results' figures flat: <c>test_accuracy</c>, <c>epochs_completed</c>, …): <c>metrics.json</c>, a checkpoint manifest with the history, and <c>run.json</c>; no tensor files and no training. Every reader must still read them.</summary>
internal static class SyntheticRunFolder
{
    /// <summary>A configuration shaped like a run's: model, dataset, recipe, seed, validation size.</summary>
    public static JsonObject Config(string model = "tiny-cnn", int epochs = 2, double learningRate = 0.001, string dataset = "mnist") => new()
    {
        ["model"] = model,
        ["dataset"] = dataset,
        ["recipe"] = new JsonObject { ["optimizer"] = "adam", ["learning_rate"] = learningRate, ["schedule"] = "constant", ["batch_size"] = 64, ["epochs"] = epochs, ["label_smoothing"] = 0.0 },
        ["seed"] = 1,
        ["validation_size"] = 0,
    };

    // The manifest names both tensor files' checksums; these folders have no tensor files, so any well-formed digest does.
    private static readonly Dictionary<string, string> NoTensorFiles = new()
    {
        [CheckpointStore.ModelFile] = new string('0', 64),
        [CheckpointStore.OptimizerFile] = new string('0', 64),
    };

    /// <summary>A run folder under <paramref name="parent"/> with a checkpoint holding <paramref name="history"/>, and <c>metrics.json</c> when <paramref name="evaluated"/>; files dated <paramref name="writtenUtc"/>.</summary>
    public static string Write(string parent, string name, JsonObject config, History history, bool evaluated, DateTime writtenUtc)
    {
        var folder = Path.Combine(parent, name);
        var checkpoint = Path.Combine(folder, RunFolders.CheckpointFolder);
        Directory.CreateDirectory(checkpoint);
        var manifest = Path.Combine(checkpoint, CheckpointStore.ManifestFile);
        var metadata = new JsonObject { ["config"] = config.DeepClone(), ["history"] = HistoryJson.ToJson(history) };
        File.WriteAllText(manifest, CheckpointManifest.Write(history.Epochs.Count, history.StepLosses.Count, [], NoTensorFiles, metadata).ToJsonString());
        File.SetLastWriteTimeUtc(manifest, writtenUtc);
        if (evaluated)
        {
            var metrics = Path.Combine(folder, RunFolders.MetricsFile);
            var predictions = SyntheticRun.Predictions(200, SyntheticRun.Digits);
            var document = new JsonObject
            {
                ["schema_version"] = 1,
                ["test_accuracy"] = predictions.Accuracy,
                ["test_loss"] = predictions.Loss,
                ["test_errors"] = predictions.Errors,
                ["test_samples"] = predictions.Count,
                ["epochs"] = history.Epochs.Count,
                ["steps"] = history.StepLosses.Count,
                ["timings"] = new JsonObject { ["training_seconds"] = history.TrainingSeconds, ["evaluation_seconds"] = 1.5, ["total_seconds"] = history.TrainingSeconds + 3 },
                ["macro_f1"] = predictions.Confusion().MacroF1,
                ["config"] = config.DeepClone(),
                ["engine"] = new JsonObject { ["torchsharp"] = "0.107.0", ["libtorch"] = "2.10.0", ["backend"] = "cpu", ["cpu"] = "Test CPU", ["cpu_capability"] = "AVX2", ["threads"] = 2 },
            };
            File.WriteAllText(metrics, document.ToJsonString());
            File.SetLastWriteTimeUtc(metrics, writtenUtc);
            File.WriteAllText(Path.Combine(folder, RunFolders.ReportFile), "<!DOCTYPE html><title>report</title>");
        }
        return folder;
    }

    /// <summary>Writes <c>run.json</c> into <paramref name="folder"/> with the given state and fields, as the pipeline does.</summary>
    public static void Record(string folder, string state, DateTime startedUtc, JsonObject spec, string reason = "", JsonObject? extra = null)
    {
        var record = new JsonObject
        {
            ["schema_version"] = 1,
            ["state"] = state,
            ["started_utc"] = startedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["ended_utc"] = state == "running" ? null : startedUtc.AddMinutes(2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["reason"] = reason,
            ["command"] = "mnist train --model tiny-cnn",
            ["library_version"] = "1.0.0",
            ["spec"] = spec.DeepClone(),
        };
        foreach (var (key, value) in extra ?? []) record[key] = value?.DeepClone();
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, RunFolders.RecordFile), record.ToJsonString());
    }
}
