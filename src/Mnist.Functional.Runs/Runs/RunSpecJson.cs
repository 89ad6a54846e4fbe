using System.Text.Json.Nodes;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.IO;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;

namespace Mnist.Functional.Runs;

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
/// A quick run adds <c>"quick": true</c> after <c>test_items</c>. A dataset that is not the catalogue's is described
/// in full (<see cref="DatasetJson"/>: classes, image size, and its files' checksums or its folder and split), so that a
/// trained model is read without its data; a fine-tuned run adds
/// <c>"fine_tune": { "init_from": "/runs/base/checkpoint", "freeze": ["0", "4"] }</c> at the end. The run's folder is not saved: a folder can be moved. Configurations saved before this form (the same names,
/// without the newer fields) read as they are. Reading resolves the model through the zoo: a spec whose model is not
/// a zoo model (a notebook's own network) is written by name, but does not read back.
/// </summary>
public static class RunSpecJson
{
    /// <summary><paramref name="spec"/> as JSON; <c>"quick": true</c> only for a quick run (<see cref="RunSpec.Quick"/>), whose figures measure nothing.</summary>
    public static JsonObject ToJson(RunSpec spec)
    {
        var json = Fields(spec);
        if (spec.Quick) json.Insert(json.IndexOf("test_items") + 1, "quick", true);
        if (spec.FineTune is { } fineTune) json["fine_tune"] = FineTuneJson(fineTune);
        return json;
    }

    private static JsonObject Fields(RunSpec spec) => new()
    {
        ["model"] = spec.Model.Name,
        ["dataset"] = DatasetJson.ToJson(spec.Dataset),
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

    /// <summary>
    /// <paramref name="recipe"/> as JSON, names for its optimizer and schedule: the <c>recipe</c> of a specification. Adam's
    /// <c>beta1</c> and <c>beta2</c> are written only when the recipe sets them, so that other recipes read as before.
    /// </summary>
    public static JsonObject ToJson(Recipe recipe)
    {
        var json = new JsonObject
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
        if (recipe.Beta1 is { } beta1) json["beta1"] = beta1;
        if (recipe.Beta2 is { } beta2) json["beta2"] = beta2;
        return json;
    }

    /// <summary>
    /// Reads a specification written by <see cref="ToJson(RunSpec)"/>, resolving its names to the zoo model, dataset,
    /// optimizer and schedule, and checking every value's type and range before anything is sized or normalised by it.
    /// </summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="source">Where it came from, for the error message.</param>
    /// <param name="field">The object's place in that file, for the message: <c>metadata.config</c> in a checkpoint.</param>
    /// <exception cref="InvalidDataException">A field is missing, has the wrong type or range, or names something this version does not know; the message names it.</exception>
    public static RunSpec FromJson(JsonObject json, string source, string field = "metadata.config")
    {
        if (json.Count == 0)
            throw new InvalidDataException($"{source} has no run specification ('{field}'); it was not saved by a training run of this library.");
        json = JsonNode.Parse(JsonText.Write(json))!.AsObject(); // values read from text convert between number types
        var fields = new JsonFields(source);
        var recipeField = $"{field}.recipe";
        var recipeJson = fields.Child(json, "recipe", prefix: field);
        var recipe = new Recipe(
            Named(fields, recipeJson, "optimizer", recipeField, ByName.Optimizer, ByName.Optimizers),
            fields.Number(recipeJson, "learning_rate", "a number above 0", value => value > 0, prefix: recipeField)!.Value,
            Named(fields, recipeJson, "schedule", recipeField, ByName.Schedule, ByName.Schedules),
            (int)fields.WholeNumber(recipeJson, "batch_size", 1, int.MaxValue, recipeField),
            (int)fields.WholeNumber(recipeJson, "epochs", 1, int.MaxValue, recipeField),
            fields.Number(recipeJson, "weight_decay", "a number of at least 0", value => value >= 0, required: false, prefix: recipeField) ?? 0,
            fields.Number(recipeJson, "label_smoothing", "a number from 0 up to (not including) 1", value => value is >= 0 and < 1, required: false, prefix: recipeField) ?? 0,
            fields.Number(recipeJson, "momentum", "a number from 0 up to (not including) 1", value => value is >= 0 and < 1, required: false, prefix: recipeField),
            fields.Number(recipeJson, "beta1", "a number from 0 up to (not including) 1", value => value is >= 0 and < 1, required: false, prefix: recipeField),
            fields.Number(recipeJson, "beta2", "a number from 0 up to (not including) 1", value => value is >= 0 and < 1, required: false, prefix: recipeField));
        var mean = fields.Number(json, "pixel_mean", MeanExpected, value => value is >= 0 and <= 1, required: false, prefix: field);
        var std = fields.Number(json, "pixel_std", StdExpected, value => value is > 0 and <= 1, required: false, prefix: field);
        if (mean.HasValue != std.HasValue)
            throw mean.HasValue ? fields.Wrong($"{field}.pixel_std", StdExpected, null, present: false) : fields.Wrong($"{field}.pixel_mean", MeanExpected, null, present: false);
        var dataset = DatasetJson.FromJson(json["dataset"], fields, $"{field}.dataset", name => DatasetNames.Resolve(name, DataCache.Default()));
        // At least one training sample must stay after the validation split is carved out (a folder's are counted when it is read).
        var trainCount = dataset.Count(SplitKind.Train) ?? long.MaxValue;
        var spec = new RunSpec(
            Named(fields, json, "model", field, Zoo.Find, Zoo.All.Select(model => model.Name).ToArray()),
            dataset,
            recipe,
            Whole(fields, json, "seed", long.MinValue, long.MaxValue, field) ?? RunSpec.DefaultSeed)
        {
            ValidationSize = (int)(Whole(fields, json, "validation_size", 0, trainCount - 1, field) ?? 0),
            TrainItems = Whole(fields, json, "train_items", 1, long.MaxValue, field),
            TestItems = Whole(fields, json, "test_items", 1, long.MaxValue, field),
            Quick = fields.Flag(json, "quick", prefix: field) ?? false,
            TestEachEpoch = fields.Flag(json, "test_each_epoch", prefix: field) ?? true,
            EarlyStoppingPatience = (int?)Whole(fields, json, "early_stopping_patience", 1, int.MaxValue, field),
            TimeBudgetSeconds = fields.Number(json, "time_budget_seconds", "a number of seconds above 0", value => value > 0, required: false, prefix: field),
            Threads = (int?)Whole(fields, json, "threads", 1, Engine.MaxThreads, field),
            Normalisation = mean is { } m && std is { } s ? new PixelStats(m, s) : null,
            FineTune = json["fine_tune"] is null ? null : FineTuneOf(fields, fields.Child(json, "fine_tune", prefix: field), $"{field}.fine_tune"),
        };
        try
        {
            return spec.Checked();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: the run specification in '{field}' does not hold together: {e.Message}", e);
        }
    }

    /// <summary>The pixel statistics of a specification read from a checkpoint, which must have them to preprocess as it was trained.</summary>
    /// <exception cref="InvalidDataException">They are missing; the message names the field.</exception>
    public static PixelStats RequireNormalisation(RunSpec spec, string source, string field = "metadata.config") =>
        spec.Normalisation ?? throw new JsonFields(source).Wrong($"{field}.pixel_mean", MeanExpected, null, present: false);

    private static JsonObject FineTuneJson(FineTuning fineTune) => new()
    {
        ["init_from"] = fineTune.From,
        ["freeze"] = new JsonArray([.. fineTune.Frozen.Select(layer => (JsonNode?)layer)]),
    };

    private static FineTuning FineTuneOf(JsonFields fields, JsonObject json, string field)
    {
        var frozen = json["freeze"] is JsonArray { Count: 0 } ? [] : fields.Texts(json, "freeze", 1, 1000, field);
        return new FineTuning(fields.Text(json, "init_from", field), frozen);
    }

    private const string MeanExpected = "a number from 0 to 1 (the training images' mean pixel value)";
    private const string StdExpected = "a number above 0 and at most 1 (the training images' pixel standard deviation; inputs are divided by it)";

    // An optional whole number: absent or null gives null.
    private static long? Whole(JsonFields fields, JsonObject json, string name, long minimum, long maximum, string prefix) =>
        json[name] is null ? null : fields.WholeNumber(json, name, minimum, maximum, prefix);

    // A name resolved by find, which throws ArgumentException for a name it does not know.
    private static T Named<T>(JsonFields fields, JsonObject json, string name, string prefix, Func<string, T> find, IReadOnlyList<string> known)
    {
        var text = fields.Text(json, name, prefix);
        try
        {
            return find(text);
        }
        catch (ArgumentException e)
        {
            throw fields.Wrong($"{prefix}.{name}", $"one of {string.Join(", ", known)}", json[name], inner: e);
        }
    }
}
