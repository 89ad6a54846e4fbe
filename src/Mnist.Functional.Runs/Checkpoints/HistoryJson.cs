using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using Mnist.Functional.IO;
using Mnist.Functional.Training;

namespace Mnist.Functional.Checkpoints;

/// <summary>Converts a <see cref="History"/> to and from JSON (snake_case names; NaN written as <c>"NaN"</c>).</summary>
public static class HistoryJson
{
    /// <summary>The options used for histories, epoch records and progress: snake_case, named floating-point literals.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    /// <summary>The history as a JSON object: <c>{ "epochs": [...], "step_losses": [...], "step_accuracies": [...], "step_learning_rates": [...] }</c>.</summary>
    public static JsonObject ToJson(History history) => new()
    {
        ["epochs"] = JsonSerializer.SerializeToNode(history.Epochs, Options),
        ["step_losses"] = JsonSerializer.SerializeToNode(history.StepLosses, Options),
        ["step_accuracies"] = JsonSerializer.SerializeToNode(history.StepAccuracies, Options),
        ["step_learning_rates"] = JsonSerializer.SerializeToNode(history.StepLearningRates, Options),
    };

    /// <summary>Reads a history written by <see cref="ToJson"/>; absent, it is empty; one written before steps kept their accuracy and learning rate reads with those lists empty.</summary>
    /// <param name="json">The history object.</param>
    /// <param name="source">The file it came from, for messages.</param>
    /// <param name="field">Its place in that file, for messages.</param>
    /// <exception cref="InvalidDataException">The JSON is not of that form; the message names the field.</exception>
    public static History FromJson(JsonNode? json, string source = "the checkpoint", string field = "metadata.history")
    {
        if (json is null)
            return History.Empty;
        var history = Read<HistoryShape>(json, source, field);
        return new History([.. history.Epochs ?? []], [.. history.StepLosses ?? []])
        {
            StepAccuracies = [.. history.StepAccuracies ?? []],
            StepLearningRates = [.. history.StepLearningRates ?? []],
        };
    }

    /// <summary>Reads epoch progress written with <see cref="Options"/>; absent, it is <see cref="EpochProgress.None"/>.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a progress object, or a count is negative; the message names the field.</exception>
    public static EpochProgress ProgressFromJson(JsonNode? json, string source = "the checkpoint", string field = "metadata.progress")
    {
        if (json is null)
            return EpochProgress.None;
        var progress = Read<EpochProgress>(json, source, field);
        if (progress.Batches is < 0 or > int.MaxValue || progress.Samples < 0 || progress.Correct < 0 || progress.Correct > progress.Samples
            || !double.IsFinite(progress.LossSum) || !double.IsFinite(progress.Seconds) || progress.Seconds < 0)
            throw new JsonFields(source).Wrong(field, "the progress of an epoch (batches, samples and correct counts of at least 0, finite sums)", json);
        return progress;
    }

    private static T Read<T>(JsonNode json, string source, string field)
    {
        var fields = new JsonFields(source);
        if (json is not JsonObject)
            throw fields.Wrong(field, "an object", json);
        try
        {
            return json.Deserialize<T>(Options) ?? throw fields.Wrong(field, "an object", json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            var path = e is JsonException { Path: { Length: > 1 } inner } ? field + inner[1..] : field;
            throw fields.Wrong(path, "of the type a training checkpoint saves", json, inner: e);
        }
    }

    // The stored form of a history, for reading.
    private sealed record HistoryShape(EpochRecord[]? Epochs, float[]? StepLosses, float[]? StepAccuracies, double[]? StepLearningRates);

    /// <summary>Writes epoch progress with <see cref="Options"/>.</summary>
    public static JsonNode ProgressToJson(EpochProgress progress) => JsonSerializer.SerializeToNode(progress, Options)!;

}
