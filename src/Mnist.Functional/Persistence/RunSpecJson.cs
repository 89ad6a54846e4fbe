using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Data;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Runs;

namespace Mnist.Functional.Persistence;

/// <summary>
/// A <see cref="RunSpec"/> as JSON, the one place where its values become names and names become values again.
/// This is the <c>config</c> a checkpoint saves and the <c>spec</c> of <c>run.json</c>:
/// <code>
/// { "model": "fast", "dataset": "mnist",
///   "recipe": { "optimizer": "sgd", "learning_rate": 0.2, "schedule": "onecycle", "batch_size": 128, "epochs": 1,
///               "weight_decay": 0.0005, "label_smoothing": 0.1, "momentum": null },
///   "seed": 1, "validation_size": 0, "train_items": null, "test_items": null, "test_each_epoch": true,
///   "early_stopping_patience": null, "time_budget_seconds": null, "threads": null,
///   "pixel_mean": 0.1307, "pixel_std": 0.3081 }
/// </code>
/// The run's folder is not saved: a folder can be moved. Configurations saved before this form (the same names,
/// without the newer fields) read as they are.
/// </summary>
public static class RunSpecJson
{
    /// <summary><paramref name="spec"/> as JSON.</summary>
    public static JsonObject ToJson(RunSpec spec) => new()
    {
        ["model"] = spec.Model.Name,
        ["dataset"] = spec.Dataset.Id,
        ["recipe"] = ToJson(spec.Recipe),
        ["seed"] = spec.Seed,
        ["validation_size"] = spec.ValidationSize,
        ["train_items"] = spec.TrainItems,
        ["test_items"] = spec.TestItems,
        ["test_each_epoch"] = spec.TestEachEpoch,
        ["early_stopping_patience"] = spec.EarlyStoppingPatience,
        ["time_budget_seconds"] = spec.TimeBudgetSeconds,
        ["threads"] = spec.Threads,
        ["pixel_mean"] = spec.Normalisation?.Mean,
        ["pixel_std"] = spec.Normalisation?.Std,
    };

    /// <summary><paramref name="recipe"/> as JSON, names for its optimizer and schedule: the <c>recipe</c> of a specification.</summary>
    public static JsonObject ToJson(Recipe recipe) => new()
    {
        ["optimizer"] = ByName.Name(recipe.Optimizer),
        ["learning_rate"] = recipe.LearningRate,
        ["schedule"] = ByName.Name(recipe.Schedule),
        ["batch_size"] = recipe.BatchSize,
        ["epochs"] = recipe.Epochs,
        ["weight_decay"] = recipe.WeightDecay,
        ["label_smoothing"] = recipe.LabelSmoothing,
        ["momentum"] = recipe.Momentum,
    };

    /// <summary>Reads a specification written by <see cref="ToJson(RunSpec)"/>, resolving its names to the zoo model, dataset, optimizer and schedule.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="source">Where it came from, for the error message.</param>
    /// <exception cref="InvalidDataException">A field is missing, has the wrong type, or names something this version does not know.</exception>
    public static RunSpec FromJson(JsonObject json, string source)
    {
        try
        {
            json = JsonNode.Parse(json.ToJsonString())!.AsObject(); // values read from text convert between number types
            var recipeJson = json["recipe"] as JsonObject ?? throw Missing(source, "recipe");
            var recipe = new Recipe(
                ByName.Optimizer(Required<string>(recipeJson, "optimizer", source)),
                Required<double>(recipeJson, "learning_rate", source),
                ByName.Schedule(Required<string>(recipeJson, "schedule", source)),
                Required<int>(recipeJson, "batch_size", source),
                Required<int>(recipeJson, "epochs", source),
                Optional<double>(recipeJson, "weight_decay") ?? 0,
                Optional<double>(recipeJson, "label_smoothing") ?? 0,
                Optional<double>(recipeJson, "momentum"));
            var mean = Optional<double>(json, "pixel_mean");
            var std = Optional<double>(json, "pixel_std");
            return new RunSpec(
                Zoo.Find(Required<string>(json, "model", source)),
                DatasetCatalog.Find(Required<string>(json, "dataset", source)),
                recipe,
                Optional<long>(json, "seed") ?? RunSpec.DefaultSeed)
            {
                ValidationSize = Optional<int>(json, "validation_size") ?? 0,
                TrainItems = Optional<long>(json, "train_items"),
                TestItems = Optional<long>(json, "test_items"),
                TestEachEpoch = Optional<bool>(json, "test_each_epoch") ?? true,
                EarlyStoppingPatience = Optional<int>(json, "early_stopping_patience"),
                TimeBudgetSeconds = Optional<double>(json, "time_budget_seconds"),
                Threads = Optional<int>(json, "threads"),
                Normalisation = mean is { } m && std is { } s ? new PixelStats(m, s) : null,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{source} has an unreadable run specification: {e.Message}", e);
        }
    }

    private static T Required<T>(JsonObject json, string name, string source) where T : notnull =>
        json[name] is { } node ? node.GetValue<T>() : throw Missing(source, name);

    private static T? Optional<T>(JsonObject json, string name) where T : struct =>
        json[name] is { } node ? node.GetValue<T>() : null;

    private static InvalidDataException Missing(string source, string field) =>
        new($"{source} has no '{field}' in its run specification; it was not saved by a training run of this library.");
}
