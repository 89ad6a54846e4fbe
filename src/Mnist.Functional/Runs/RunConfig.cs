using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;

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

    /// <summary>Reads a configuration written by <see cref="ToJson"/>, checking every field's type and range.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="source">Where it came from, for the error message.</param>
    /// <param name="field">The object's own place in that file, for the message, such as <c>metadata.config</c>.</param>
    /// <exception cref="InvalidDataException">The JSON lacks a field or has one of the wrong type or out of range; the message names it.</exception>
    public static RunConfig FromJson(JsonObject json, string source, string field = "metadata.config")
    {
        RunConfig? config;
        try
        {
            config = json.Deserialize<RunConfig>(Options);
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 1 } inner ? field + inner[1..] : field;
            throw new InvalidDataException($"{source}: the field '{path}' has the wrong type for a run configuration. It was changed or damaged after it was written; use another checkpoint or train again.", e);
        }
        if (config is null || string.IsNullOrEmpty(config.Model) || string.IsNullOrEmpty(config.Dataset) || config.Recipe is null)
            throw new InvalidDataException($"{source} has no run configuration (model, dataset, recipe); it was not written by 'mnist train'.");
        var problem = Problems(config, json).FirstOrDefault();
        if (problem.Field is not null)
            throw new InvalidDataException($"{source}: the field '{field}.{problem.Field}' must be {problem.Expected}, but it is {(json.ContainsKey(problem.Field) || problem.Field.Contains('.', StringComparison.Ordinal) ? Describe(problem.Field, config) : "missing")}. " +
                                           "It was changed or damaged after it was written; use another checkpoint or train again.");
        return config;
    }

    // Every value the run is rebuilt from, checked before it sizes a tensor or reaches the engine.
    private static IEnumerable<(string? Field, string Expected)> Problems(RunConfig config, JsonObject json)
    {
        if (!json.ContainsKey("pixel_mean") || !double.IsFinite(config.PixelMean) || config.PixelMean is < 0 or > 1)
            yield return ("pixel_mean", "a number from 0 to 1 (the training images' mean pixel value)");
        if (!json.ContainsKey("pixel_std") || !double.IsFinite(config.PixelStd) || config.PixelStd is <= 0 or > 1)
            yield return ("pixel_std", "a number above 0 and at most 1 (the training images' pixel standard deviation; inputs are divided by it)");
        if (config.ValidationSize < 0)
            yield return ("validation_size", "a whole number of at least 0");
        var recipe = config.Recipe;
        if (!ByName.Optimizers.Contains(recipe.Optimizer))
            yield return ("recipe.optimizer", $"one of {string.Join(", ", ByName.Optimizers)}");
        if (!ByName.Schedules.Contains(recipe.Schedule))
            yield return ("recipe.schedule", $"one of {string.Join(", ", ByName.Schedules)}");
        if (!double.IsFinite(recipe.LearningRate) || recipe.LearningRate <= 0)
            yield return ("recipe.learning_rate", "a number above 0");
        if (recipe.BatchSize < 1)
            yield return ("recipe.batch_size", "a whole number of at least 1");
        if (recipe.Epochs < 1)
            yield return ("recipe.epochs", "a whole number of at least 1");
        if (!double.IsFinite(recipe.WeightDecay) || recipe.WeightDecay < 0)
            yield return ("recipe.weight_decay", "a number of at least 0");
        if (!double.IsFinite(recipe.LabelSmoothing) || recipe.LabelSmoothing is < 0 or >= 1)
            yield return ("recipe.label_smoothing", "a number from 0 up to (not including) 1");
    }

    private static string Describe(string field, RunConfig config) => field switch
    {
        "pixel_mean" => Number(config.PixelMean),
        "pixel_std" => Number(config.PixelStd),
        "validation_size" => Number(config.ValidationSize),
        "recipe.optimizer" => Shown(config.Recipe.Optimizer),
        "recipe.schedule" => Shown(config.Recipe.Schedule),
        "recipe.learning_rate" => Number(config.Recipe.LearningRate),
        "recipe.batch_size" => Number(config.Recipe.BatchSize),
        "recipe.epochs" => Number(config.Recipe.Epochs),
        "recipe.weight_decay" => Number(config.Recipe.WeightDecay),
        _ => Number(config.Recipe.LabelSmoothing),
    };

    private static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Shown(string text) => $"\"{Persistence.JsonFields.Shown(text)}\"";
}
