using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using Mnist.Functional.Training;

namespace Mnist.Functional.Persistence;

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

    /// <summary>Reads a history written by <see cref="ToJson"/>; one written before steps kept their accuracy and learning rate reads with those lists empty.</summary>
    /// <exception cref="InvalidDataException">The JSON is not of that form.</exception>
    public static History FromJson(JsonNode? json)
    {
        try
        {
            var epochs = json?["epochs"].Deserialize<EpochRecord[]>(Options) ?? [];
            var steps = json?["step_losses"].Deserialize<float[]>(Options) ?? [];
            var accuracies = json?["step_accuracies"].Deserialize<float[]>(Options) ?? [];
            var learningRates = json?["step_learning_rates"].Deserialize<double[]>(Options) ?? [];
            return new History([.. epochs], [.. steps]) { StepAccuracies = [.. accuracies], StepLearningRates = [.. learningRates] };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The training history is not readable ({e.Message}).", e);
        }
    }

    /// <summary>Reads epoch progress written with <see cref="Options"/>.</summary>
    public static EpochProgress ProgressFromJson(JsonNode? json) =>
        json.Deserialize<EpochProgress>(Options) ?? EpochProgress.None;

    /// <summary>Writes epoch progress with <see cref="Options"/>.</summary>
    public static JsonNode ProgressToJson(EpochProgress progress) => JsonSerializer.SerializeToNode(progress, Options)!;

}
