using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Evaluation;
using Mnist.Functional.IO;
using Mnist.Functional.Native;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs;

/// <summary>
/// The results document, the one JSON form of what a run gave: <c>metrics.json</c>, what <c>train --json</c> and
/// <c>evaluate --json</c> print, the <c>results</c> part of <c>run.json</c> and each run of an experiment's
/// <c>results.json</c>. Every figure has one name in one section, wherever it is written:
/// <code>
/// {
///   "schema_version": 2,
///   "test":         { "accuracy", "loss", "errors", "samples", "macro_f1", "per_class": [ { "class", "name", "precision", "recall", "f1", "support" } ], "confusion_matrix": [[…]] },
///   "initial_test": { "accuracy", "loss", "errors", "samples" },      // a fine-tuned run: the model it started from
///   "validation":   { "accuracy", "loss" },                           // the last epoch's, when a validation split was held out
///   "training":     { "epochs", "steps", "stop", "best_test_epoch" },
///   "timing":       { "training_seconds", "evaluation_seconds", "total_seconds", "training_samples_per_second" },
///   "model":        { "parameters", "multiply_adds", "mflops" },      // for one image of the dataset
///   "config":       { … },                                            // the run specification, as RunSpecJson writes it
///   "engine":       { "torchsharp", "libtorch", "backend", "cpu", "cpu_capability", "threads" },
///   "paths":        { "folder", "report", "metrics", "history", "checkpoint" },
///   "history":      [ … ]                                             // every epoch's record, in an experiment's results only
/// }
/// </code>
/// A section the run has nothing for is left out, not <c>null</c>; <c>run.json</c> holds the brief part (test accuracy
/// and loss, epochs, training and total seconds). Folders written before this shape (schema version 1: the figures flat,
/// <c>test_accuracy</c>, <c>epochs_completed</c>, …) still read: <see cref="FieldOf"/> and <see cref="FieldOfJournal"/>
/// say where a figure lies in either shape, and nothing rewrites an older file.
/// </summary>
public static class RunResultJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The version of the document's shape, its first field (<c>schema_version</c>).</summary>
    public const int SchemaVersion = 2;

    /// <summary>
    /// The document of <paramref name="result"/>: its test figures (when it was evaluated), the model it started from (a
    /// fine-tuned run), the last validation figures, training, timing, the model's size and its specification; the engine and
    /// the paths when given, every epoch's record when <paramref name="history"/> is asked for.
    /// </summary>
    public static JsonObject ToJson(RunResult result, EngineInfo? engine = null, IReadOnlyDictionary<string, string>? paths = null, bool history = false)
    {
        var document = new JsonObject { ["schema_version"] = SchemaVersion };
        if (result.Test is { } test) document["test"] = Test(test);
        if (result.InitialTest is { } initial) document["initial_test"] = Scores(initial);
        if (result.History.Epochs.LastOrDefault() is { ValidationAccuracy: { } accuracy, ValidationLoss: { } loss })
            document["validation"] = new JsonObject { ["accuracy"] = accuracy, ["loss"] = loss };
        document["training"] = new JsonObject
        {
            ["epochs"] = result.History.Epochs.Count,
            ["steps"] = result.History.StepLosses.Count,
            ["stop"] = result.Stop.Message,
            ["best_test_epoch"] = result.BestTestEpoch?.Epoch,
        };
        document["timing"] = Timing(result.Timings, result.History);
        var summary = result.Summary;
        document["model"] = new JsonObject { ["parameters"] = summary.TotalParameters, ["multiply_adds"] = summary.TotalMultiplyAdds, ["mflops"] = summary.TotalFlops / 1e6 };
        document["config"] = RunSpecJson.ToJson(result.Spec);
        if (engine is not null) document["engine"] = Engine(engine);
        if (paths is not null) document["paths"] = Paths(paths);
        if (history) document["history"] = JsonSerializer.SerializeToNode(result.History.Epochs, HistoryJson.Options);
        return document;
    }

    /// <summary>
    /// The document of a trained model evaluated on its own (<c>mnist evaluate</c>): its test figures, the seconds the
    /// evaluation took, the specification it was trained with, the engine and the paths; no training section.
    /// </summary>
    public static JsonObject ForEvaluation(Predictions test, double evaluationSeconds, RunSpec spec, EngineInfo engine, IReadOnlyDictionary<string, string> paths) => new()
    {
        ["schema_version"] = SchemaVersion,
        ["test"] = Test(test),
        ["timing"] = new JsonObject { ["evaluation_seconds"] = evaluationSeconds },
        ["config"] = RunSpecJson.ToJson(spec),
        ["engine"] = Engine(engine),
        ["paths"] = Paths(paths),
    };

    /// <summary>The brief results <c>run.json</c> holds, named and nested as in the whole document; a figure not known (or not finite) is left out.</summary>
    /// <param name="epochs">Epochs done so far.</param>
    /// <param name="testAccuracy">The final test accuracy in [0, 1].</param>
    /// <param name="testLoss">The final test loss.</param>
    /// <param name="initialTestAccuracy">A fine-tuned run's starting model's test accuracy.</param>
    /// <param name="trainingSeconds">Seconds in training steps, every session of a resumed run.</param>
    /// <param name="totalSeconds">Wall-clock seconds of the whole run, every session.</param>
    public static JsonObject Brief(int epochs, double? testAccuracy, double? testLoss, double? initialTestAccuracy, double? trainingSeconds, double? totalSeconds)
    {
        var brief = new JsonObject();
        if (Finite(testAccuracy) is not null || Finite(testLoss) is not null)
            brief["test"] = Present(new() { ["accuracy"] = Finite(testAccuracy), ["loss"] = Finite(testLoss) });
        if (Finite(initialTestAccuracy) is { } initial) brief["initial_test"] = new JsonObject { ["accuracy"] = initial };
        brief["training"] = new JsonObject { ["epochs"] = epochs };
        if (Finite(trainingSeconds) is not null || Finite(totalSeconds) is not null)
            brief["timing"] = Present(new() { ["training_seconds"] = Finite(trainingSeconds), ["total_seconds"] = Finite(totalSeconds) });
        return brief;
    }

    /// <summary>The document as indented text; a NaN or infinite figure is written as null and named under <c>non_finite</c> (see <see cref="JsonText"/>).</summary>
    public static string Render(JsonObject document) => JsonText.Write(document, Indented);

    /// <summary>
    /// Where <paramref name="figure"/> (a path in this shape, such as <c>test.accuracy</c> or <c>timing.training_seconds</c>)
    /// lies in <paramref name="document"/>, a results document of any version: the path itself from version 2 on, the
    /// flat name of version 1 (<c>test_accuracy</c>, <c>timings.training_seconds</c>, <c>epochs</c>) before.
    /// </summary>
    public static string FieldOf(JsonObject? document, string figure) =>
        VersionOf(document) >= 2 ? figure : figure switch
        {
            "test.macro_f1" or "test.per_class" or "test.confusion_matrix" => figure["test.".Length..],
            "initial_test.accuracy" => "initial_test_accuracy",
            "training.epochs" or "training.steps" => figure["training.".Length..],
            _ when figure.StartsWith("test.", StringComparison.Ordinal) => "test_" + figure["test.".Length..],
            _ when figure.StartsWith("timing.", StringComparison.Ordinal) => "timings." + figure["timing.".Length..],
            _ => figure,
        };

    /// <summary>
    /// Where <paramref name="figure"/> (a path in the results document, such as <c>test.accuracy</c>) lies in
    /// <paramref name="journal"/>, a <c>run.json</c> of any version: under <c>results</c> from version 2 on; before, its
    /// flat name (<c>test_accuracy</c>, <c>epochs_completed</c>, <c>training_seconds</c>).
    /// </summary>
    public static string FieldOfJournal(JsonObject? journal, string figure) =>
        VersionOf(journal) >= 2 ? "results." + figure : figure switch
        {
            "training.epochs" => "epochs_completed",
            "initial_test.accuracy" => "initial_test_accuracy",
            _ when figure.StartsWith("test.", StringComparison.Ordinal) => "test_" + figure["test.".Length..],
            _ when figure.StartsWith("timing.", StringComparison.Ordinal) => figure["timing.".Length..],
            _ => figure,
        };

    /// <summary>The node at the dotted <paramref name="path"/> (such as <c>results.test.accuracy</c>) in <paramref name="json"/>; <see langword="null"/> when a step of it is absent or not an object.</summary>
    public static JsonNode? Find(JsonObject? json, string path)
    {
        JsonNode? node = json;
        foreach (var step in path.Split('.'))
            node = node is JsonObject parent ? parent[step] : null;
        return node;
    }

    // A document without a readable schema_version is read as the oldest shape.
    private static int VersionOf(JsonObject? json) =>
        json?["schema_version"] is JsonValue value && value.TryGetValue<int>(out var version) ? version : 1;

    private static JsonObject Test(Predictions test)
    {
        var confusion = test.Confusion();
        var section = Scores(test);
        section["macro_f1"] = confusion.MacroF1;
        section["per_class"] = new JsonArray([.. confusion.PerClass().Select(metrics => (JsonNode)new JsonObject
        {
            ["class"] = metrics.Class,
            ["name"] = metrics.Name,
            ["precision"] = metrics.Precision,
            ["recall"] = metrics.Recall,
            ["f1"] = metrics.F1,
            ["support"] = metrics.Support,
        })]);
        section["confusion_matrix"] = JsonSerializer.SerializeToNode(confusion.ToRows());
        return section;
    }

    private static JsonObject Scores(Predictions predictions) => new()
    {
        ["accuracy"] = predictions.Accuracy,
        ["loss"] = predictions.Loss,
        ["errors"] = predictions.Errors,
        ["samples"] = predictions.Count,
    };

    private static JsonObject Timing(RunTimings timings, History history) => new()
    {
        ["training_seconds"] = timings.TrainingSeconds,
        ["evaluation_seconds"] = timings.EvaluationSeconds,
        ["total_seconds"] = timings.TotalSeconds,
        ["training_samples_per_second"] = history.Epochs.Count == 0 ? 0 : history.Epochs.Average(epoch => epoch.SamplesPerSecond),
    };

    private static JsonObject Engine(EngineInfo engine) => new()
    {
        ["torchsharp"] = engine.TorchSharpVersion,
        ["libtorch"] = engine.LibTorchVersion,
        ["backend"] = engine.Backend,
        ["cpu"] = engine.CpuModel,
        ["cpu_capability"] = engine.CpuCapability,
        ["threads"] = engine.Threads,
    };

    private static JsonObject Paths(IReadOnlyDictionary<string, string> paths) =>
        new([.. paths.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))]);

    private static JsonObject Present(JsonObject section)
    {
        foreach (var name in section.Where(field => field.Value is null).Select(field => field.Key).ToArray())
            section.Remove(name);
        return section;
    }

    // JSON has no NaN: a figure that is not a number (the test loss of a model whose outputs are NaN) is left out.
    private static double? Finite(double? value) => value is { } number && double.IsFinite(number) ? number : null;
}
