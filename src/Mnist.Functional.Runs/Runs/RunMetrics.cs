using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Evaluation;
using Mnist.Functional.IO;
using Mnist.Functional.Native;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs;

/// <summary>
/// The figures of a finished run as one JSON document (<c>metrics.json</c>, and what <c>--json</c> prints):
/// test accuracy and loss, per-class metrics, the confusion matrix, timings, the engine and the files written.
/// </summary>
public static class RunMetrics
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The version of the document's shape, its first field (<c>schema_version</c>).</summary>
    public const int SchemaVersion = 1;

    /// <summary>
    /// Builds the document; <paramref name="config"/> and <paramref name="paths"/> are included as given. Without a
    /// <paramref name="history"/> (a checkpoint evaluated on its own) the document has no <c>epochs</c> and <c>steps</c>,
    /// and without <paramref name="timings"/> no <c>timings</c>: those fields are left out, not <c>null</c>.
    /// </summary>
    public static JsonObject ToJson(
        Predictions test, History? history, RunTimings? timings, EngineInfo engine, JsonObject config, IReadOnlyDictionary<string, string> paths)
    {
        var confusion = test.Confusion();
        var document = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["test_accuracy"] = test.Accuracy,
            ["test_loss"] = test.Loss,
            ["test_errors"] = test.Errors,
            ["test_samples"] = test.Count,
            ["epochs"] = history?.Epochs.Count,
            ["steps"] = history?.StepLosses.Count,
            ["timings"] = timings is null ? null : new JsonObject
            {
                ["training_seconds"] = timings.TrainingSeconds,
                ["evaluation_seconds"] = timings.EvaluationSeconds,
                ["total_seconds"] = timings.TotalSeconds,
                ["training_samples_per_second"] = history is null || history.Epochs.Count == 0 ? 0 : history.Epochs.Average(epoch => epoch.SamplesPerSecond),
            },
            ["per_class"] = new JsonArray([.. confusion.PerClass().Select(metrics => (JsonNode)new JsonObject
            {
                ["class"] = metrics.Class,
                ["name"] = metrics.Name,
                ["precision"] = metrics.Precision,
                ["recall"] = metrics.Recall,
                ["f1"] = metrics.F1,
                ["support"] = metrics.Support,
            })]),
            ["macro_f1"] = confusion.MacroF1,
            ["confusion_matrix"] = JsonSerializer.SerializeToNode(confusion.ToRows()),
            ["config"] = config.DeepClone(),
            ["engine"] = new JsonObject
            {
                ["torchsharp"] = engine.TorchSharpVersion,
                ["libtorch"] = engine.LibTorchVersion,
                ["backend"] = engine.Backend,
                ["cpu"] = engine.CpuModel,
                ["cpu_capability"] = engine.CpuCapability,
                ["threads"] = engine.Threads,
            },
            ["paths"] = new JsonObject([.. paths.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))]),
        };
        if (history is null)
        {
            document.Remove("epochs");
            document.Remove("steps");
        }
        if (timings is null) document.Remove("timings");
        return document;
    }

    /// <summary>The document as indented text; a NaN or infinite figure is written as null and named under <c>non_finite</c> (see <see cref="JsonText"/>).</summary>
    public static string Render(JsonObject metrics) => JsonText.Write(metrics, Indented);
}
