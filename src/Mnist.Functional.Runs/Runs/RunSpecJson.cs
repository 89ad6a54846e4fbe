using System.Text.Json.Nodes;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.IO;
using Mnist.Functional.Json;
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
/// <c>"fine_tune": { "init_from": "/runs/base/checkpoint", "freeze": ["0", "4"] }</c>. The run's folder is not saved: a folder can be moved. The
/// network follows as <c>"architecture"</c> (<see cref="RunModelJson"/>), so a run of any model reads back, in the zoo or
/// not; a recipe with an optimizer plan of its own (<see cref="Recipe.Plan"/>) holds the plan's form
/// (<see cref="OptimizerJson"/>) as its <c>optimizer</c>, with <c>batch_size</c>, <c>epochs</c> and <c>label_smoothing</c>.
/// Configurations saved before these forms (a zoo model's name alone, the same names without the newer fields) read as
/// they are.
/// </summary>
public static class RunSpecJson
{
    /// <summary><paramref name="spec"/> as JSON; <c>"quick": true</c> only for a quick run (<see cref="RunSpec.Quick"/>), whose figures measure nothing.</summary>
    public static JsonObject ToJson(RunSpec spec)
    {
        var json = Fields(spec);
        if (spec.Quick) json.Insert(json.IndexOf("test_items") + 1, "quick", true);
        if (RunModelJson.Architecture(spec.Network) is { } architecture) json[RunModelJson.ArchitectureField] = architecture;
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
    /// <c>beta1</c> and <c>beta2</c>, and <c>clip_grad_norm</c>, are written only when the recipe sets them, so that other
    /// recipes read as before.
    /// </summary>
    public static JsonObject ToJson(Recipe recipe)
    {
        if (recipe.Plan is { } plan)
            return PlanRecipe(recipe, plan);
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
        if (recipe.ClipGradNorm is { } clip) json["clip_grad_norm"] = clip;
        return json;
    }

    // A recipe with an optimizer of its own: the plan's form in place of the name, and none of the named optimizer's settings.
    private static JsonObject PlanRecipe(Recipe recipe, OptimizerPlan plan) => new()
    {
        ["optimizer"] = OptimizerJson.ToJson(plan),
        ["batch_size"] = recipe.BatchSize,
        ["epochs"] = recipe.Epochs,
        ["label_smoothing"] = recipe.LabelSmoothing,
    };

    /// <summary>
    /// Reads a specification written by <see cref="ToJson(RunSpec)"/>, resolving its names to the zoo model, dataset,
    /// optimizer and schedule, and checking every value's type and range before anything is sized or normalised by it.
    /// </summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="source">Where it came from, for the error message.</param>
    /// <param name="field">The object's place in that file, for the message: <c>metadata.config</c> in a checkpoint.</param>
    /// <param name="network">The network of a run whose specification holds no architecture (one with a <see cref="Layers.Lambda"/>), given in code; <see langword="null"/> to build it from the specification or take it from the zoo.</param>
    /// <exception cref="InvalidDataException">A field is missing, has the wrong type or range, or names something this version does not know; the message names it.</exception>
    public static RunSpec FromJson(JsonObject json, string source, string field = "metadata.config", Layers.Layer? network = null)
    {
        var spec = Read(json, source, field, network);
        try
        {
            return spec.Checked();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: the run specification in '{field}' does not hold together{(e.ParamName is { } key ? $" at '{field}.{key}'" : "")}: {MessageOf(e)}", e);
        }
    }

    // The specification as written, each value's type and range checked, the whole not yet (RunSpec.Checked).
    private static RunSpec Read(JsonObject json, string source, string field, Layers.Layer? network = null)
    {
        if (json.Count == 0)
            throw new InvalidDataException($"{source} has no run specification ('{field}'); it was not saved by a training run of this library.");
        json = JsonNode.Parse(JsonText.Write(json))!.AsObject(); // values read from text convert between number types
        var fields = new JsonFields(source);
        var recipeField = $"{field}.recipe";
        var recipeJson = fields.Child(json, "recipe", prefix: field);
        var recipe = recipeJson["optimizer"] is JsonObject planJson
            ? ReadPlanRecipe(fields, recipeJson, planJson, source, recipeField)
            : new Recipe(
            Named(fields, recipeJson, "optimizer", recipeField, ByName.Optimizer, ByName.Optimizers),
            fields.Number(recipeJson, "learning_rate", "a number above 0", value => value > 0, prefix: recipeField)!.Value,
            Named(fields, recipeJson, "schedule", recipeField, ByName.Schedule, ByName.Schedules),
            (int)fields.WholeNumber(recipeJson, "batch_size", 1, int.MaxValue, recipeField),
            (int)fields.WholeNumber(recipeJson, "epochs", 1, int.MaxValue, recipeField),
            fields.Number(recipeJson, "weight_decay", "a number of at least 0", value => value >= 0, required: false, prefix: recipeField) ?? 0,
            LabelSmoothing(fields, recipeJson, recipeField),
            fields.Number(recipeJson, "momentum", "a number from 0 up to (not including) 1", value => value is >= 0 and < 1, required: false, prefix: recipeField),
            fields.Number(recipeJson, "beta1", "a number from 0 up to (not including) 1", value => value is >= 0 and < 1, required: false, prefix: recipeField),
            fields.Number(recipeJson, "beta2", "a number from 0 up to (not including) 1", value => value is >= 0 and < 1, required: false, prefix: recipeField),
            fields.Number(recipeJson, "clip_grad_norm", "a number above 0", value => value > 0, required: false, prefix: recipeField));
        var mean = fields.Number(json, "pixel_mean", MeanExpected, value => value is >= PixelStats.MinMean and <= PixelStats.MaxMean, required: false, prefix: field);
        var std = fields.Number(json, "pixel_std", StdExpected, value => value is >= PixelStats.MinStd and <= PixelStats.MaxStd, required: false, prefix: field);
        if (mean.HasValue != std.HasValue)
            throw mean.HasValue ? fields.Wrong($"{field}.pixel_std", StdExpected, null, present: false) : fields.Wrong($"{field}.pixel_mean", MeanExpected, null, present: false);
        var dataset = DatasetJson.FromJson(json["dataset"], fields, $"{field}.dataset", name => DatasetNames.Resolve(name, DataCache.Default()));
        return new RunSpec(
            RunModelJson.Read(fields.Text(json, "model", field), json[RunModelJson.ArchitectureField], recipe, dataset, source, field, network),
            dataset,
            recipe,
            Whole(fields, json, "seed", long.MinValue, long.MaxValue, field) ?? RunSpec.DefaultSeed)
        {
            ValidationSize = (int)(Whole(fields, json, "validation_size", 0, int.MaxValue, field) ?? 0),
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
    }

    /// <summary>
    /// The run's settings, one per leaf of its JSON form (<see cref="ToJson(RunSpec)"/>), in that order, by dotted key:
    /// <c>model</c>, <c>recipe.learning_rate</c>, <c>validation_size</c>, …. Everything that lists a run's settings (the
    /// command line that reproduces it, a report's settings, a comparison) reads them from here, so a setting added to the
    /// specification and its JSON form shows up in all of them.
    /// </summary>
    public static IReadOnlyList<RunSetting> Settings(RunSpec spec) => Flatten(ToJson(spec));

    /// <summary>
    /// The leaves of <paramref name="json"/> by dotted path, in order: <c>{"recipe": {"epochs": 2}}</c> gives <c>recipe.epochs</c> → 2.
    /// A description with a form of its own (an object with a <c>version</c>: the <c>architecture</c>, an optimizer plan; the
    /// <c>dataset</c>; the <c>fine_tune</c>) is one setting, whole.
    /// </summary>
    public static IReadOnlyList<RunSetting> Flatten(JsonObject json)
    {
        var leaves = new List<RunSetting>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject child && !(path.Length > 0 && (child.ContainsKey("version") || WholeSettings.Contains(path))))
                foreach (var (key, value) in child) Walk(value, path.Length == 0 ? key : $"{path}.{key}");
            else
                leaves.Add(new RunSetting(path, node?.DeepClone()));
        }
        Walk(json, "");
        return leaves;
    }

    /// <summary>
    /// <paramref name="spec"/> with <paramref name="settings"/> changed, each by its key as <see cref="Settings"/> names it
    /// (<c>recipe.learning_rate</c> → 0.01). Naming another optimizer first resets what belonged to the old one
    /// (<see cref="Recipe.WithOptimizer"/>), then the other settings apply; <c>quick</c> set to true makes a quick run
    /// (<see cref="ExperimentScale.Quick"/>) of the epochs and items not set alongside it. The folder is kept. The result
    /// is not yet checked as a whole: call <see cref="RunSpec.Checked"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A key is not a setting of a run, or a value is not what its setting holds; <see cref="ArgumentException.ParamName"/> is the key.</exception>
    public static RunSpec Apply(RunSpec spec, IReadOnlyDictionary<string, JsonNode?> settings)
    {
        if (settings.TryGetValue(Recipe.Key("optimizer"), out var optimizer) && optimizer is JsonValue name && name.TryGetValue<string>(out var text))
            spec = spec with { Recipe = spec.Recipe.WithOptimizer(Resolve(Recipe.Key("optimizer"), () => ByName.Optimizer(text))) };
        if (settings.TryGetValue("quick", out var quick) && quick is JsonValue flag && flag.TryGetValue<bool>(out var isQuick) && isQuick)
            spec = ExperimentScale.Quick.Apply(spec) with { Quick = true };
        var json = ToJson(spec);
        // Another model's name brings that model's network: the architecture written for this one goes.
        var sameModel = !settings.TryGetValue("model", out var model) || (model is JsonValue named && named.TryGetValue<string>(out var modelName) && modelName == spec.Model.Name);
        if (!sameModel && !settings.ContainsKey(RunModelJson.ArchitectureField)) json.Remove(RunModelJson.ArchitectureField);
        foreach (var (key, value) in settings)
            Set(json, key, value?.DeepClone());
        RunSpec applied;
        try
        {
            // A network with no JSON form (a Lambda) is written by name alone; the same model keeps its network.
            applied = Read(json, "the settings", "spec", sameModel && !json.ContainsKey(RunModelJson.ArchitectureField) ? spec.Model.Network : null) with { Folder = spec.Folder };
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException(e.Message, settings.Keys.FirstOrDefault(key => e.Message.Contains($"'spec.{key}'", StringComparison.Ordinal)), e);
        }
        var written = Settings(applied).ToDictionary(setting => setting.Key, setting => setting.Value);
        foreach (var (key, value) in settings)
            if (!JsonNode.DeepEquals(written.GetValueOrDefault(key), value) && !(value is JsonValue off && off.GetValueKind() == System.Text.Json.JsonValueKind.False && !written.ContainsKey(key)))
                throw new ArgumentException($"'{key}' is not a setting of a run that can be set to {value?.ToJsonString() ?? "null"}.", key);
        return applied;
    }

    /// <summary>The keys of the settings whose values differ between <paramref name="a"/> and <paramref name="b"/> (one holding a setting the other lacks counts), in <paramref name="a"/>'s order.</summary>
    public static IReadOnlyList<string> Differences(RunSpec a, RunSpec b)
    {
        var (first, second) = (Settings(a), Settings(b).ToDictionary(setting => setting.Key, setting => setting.Value));
        return [.. first.Where(setting => !second.TryGetValue(setting.Key, out var other) || !JsonNode.DeepEquals(setting.Value, other)).Select(setting => setting.Key),
                .. second.Keys.Where(key => first.All(setting => setting.Key != key))];
    }

    /// <summary>An exception's message without .NET's <c>(Parameter 'name')</c> suffix.</summary>
    internal static string MessageOf(ArgumentException e) =>
        e.ParamName is { } name && e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal) ? e.Message[..^$" (Parameter '{name}')".Length] : e.Message;

    private static T Resolve<T>(string key, Func<T> find)
    {
        try
        {
            return find();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(MessageOf(e), key, e);
        }
    }

    // Sets the leaf at a dotted key, making the objects on its way.
    private static void Set(JsonObject json, string key, JsonNode? value)
    {
        var parts = key.Split('.');
        var node = json;
        foreach (var part in parts[..^1])
            node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
        node[parts[^1]] = value;
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

    // Settings whose objects are one description each (DatasetJson, FineTuning), not a group of settings.
    private static readonly string[] WholeSettings = ["dataset", "fine_tune"];

    private const string MeanExpected = "a number from 0 to 1 (the training images' mean pixel value)";
    private const string StdExpected = "a number from 0.001 to 1 (the training images' pixel standard deviation; inputs are divided by it)";

    private static double LabelSmoothing(JsonFields fields, JsonObject recipe, string prefix) =>
        fields.Number(recipe, "label_smoothing", "a number from 0 up to (not including) 1", value => value is >= 0 and < 1, required: false, prefix: prefix) ?? 0;

    private static readonly string[] NamedOptimizerFields = ["learning_rate", "schedule", "weight_decay", "momentum", "beta1", "beta2"];

    // A recipe whose optimizer is a plan: the plan read by its own codec, which names the field at fault.
    private static Recipe ReadPlanRecipe(JsonFields fields, JsonObject recipe, JsonObject plan, string source, string prefix)
    {
        foreach (var named in NamedOptimizerFields.Where(recipe.ContainsKey))
            throw fields.Wrong($"{prefix}.{named}", "absent: an optimizer plan gives its own learning rate and settings", recipe[named]);
        OptimizerPlan read;
        try
        {
            read = OptimizerJson.FromJson(plan, source, $"{prefix}.optimizer");
        }
        catch (DescriptionException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        return Recipe.Of(read, (int)fields.WholeNumber(recipe, "batch_size", 1, int.MaxValue, prefix), (int)fields.WholeNumber(recipe, "epochs", 1, int.MaxValue, prefix), LabelSmoothing(fields, recipe, prefix));
    }

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
