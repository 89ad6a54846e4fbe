using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using Mnist.Functional.Models;

namespace Mnist.Functional.Runs;

/// <summary>
/// What a training run was: the zoo model, the dataset, the recipe, the seeds and the pixel statistics
/// the inputs were normalised with. Saved with every checkpoint so that evaluation, prediction and
/// resuming rebuild exactly the same model and preprocessing.
/// </summary>
/// <param name="Model">The zoo model's name.</param>
/// <param name="Dataset">The dataset's id, such as <c>mnist</c> or <c>fashion</c>.</param>
/// <param name="Recipe">The optimizer, schedule, batch size and epochs used.</param>
/// <param name="Seed">Seeds initialisation, dropout and shuffling.</param>
/// <param name="PixelMean">The training split's mean pixel value in [0, 1].</param>
/// <param name="PixelStd">The training split's pixel standard deviation in [0, 1].</param>
/// <param name="ValidationSize">Training samples held out for validation; 0 for none.</param>
public sealed record RunConfig(string Model, string Dataset, Recipe Recipe, long Seed, double PixelMean, double PixelStd, int ValidationSize = 0)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The configuration as JSON (snake_case names).</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Options)!.AsObject();

    /// <summary>Reads a configuration written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="source">Where it came from, for the error message.</param>
    /// <exception cref="InvalidDataException">The JSON lacks a field or has one of the wrong type.</exception>
    public static RunConfig FromJson(JsonObject json, string source)
    {
        try
        {
            var config = json.Deserialize<RunConfig>(Options);
            if (config is null || string.IsNullOrEmpty(config.Model) || string.IsNullOrEmpty(config.Dataset) || config.Recipe is null)
                throw new InvalidDataException($"{source} has no run configuration (model, dataset, recipe); it was not written by 'mnist train'.");
            return config;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} has an unreadable run configuration ({e.Message}).", e);
        }
    }
}
