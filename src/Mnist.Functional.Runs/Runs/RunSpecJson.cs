using System.Text.Json.Nodes;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.IO;
using Mnist.Functional.Json;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Robustness;
using Mnist.Functional.Training;

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
/// A quick run adds <c>"quick": true</c> after <c>test_items</c>; a run that watches its validation figures adds
/// <c>"monitor"</c> (and <c>"keep_best": true</c>, <c>"restore_best": true</c> when set) after <c>early_stopping_patience</c>, and the
/// plateau schedule a <c>plateau</c> object to the recipe (<see cref="ToJson(ReduceOnPlateau)"/>); an adversarially trained one adds an <c>adversarial</c>
/// object to the recipe (<see cref="ToJson(AdversarialTraining)"/>). A dataset that is not the catalogue's is described
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
        WatchFields(spec, json);
        if (RunModelJson.Architecture(spec.Network) is { } architecture) json[RunModelJson.ArchitectureField] = architecture;
        if (spec.FineTune is { } fineTune) json["fine_tune"] = FineTuneJson(fineTune);
        return json;
    }

    // What watches the validation figures, after early stopping, only where a run uses them (so other runs read as before):
    // "monitor" when anything watches it or it is not the validation loss, "keep_best" and "restore_best" when set.
    private static void WatchFields(RunSpec spec, JsonObject json)
    {
        var at = json.IndexOf("early_stopping_patience") + 1;
        if (spec.Watches || spec.Monitor != Metric.ValidationLoss) json.Insert(at++, "monitor", spec.Monitor.Key);
        if (spec.KeepBest) json.Insert(at++, "keep_best", true);
        if (spec.RestoreBest) json.Insert(at, "restore_best", true);
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
        if (recipe.Adversarial is { } adversarial) json["adversarial"] = ToJson(adversarial);
        if ((recipe.Plateau ?? recipe.PlateauRule) is { } plateau) json["plateau"] = ToJson(plateau);
        return json;
    }

    /// <summary>
    /// <paramref name="plateau"/> as JSON, the <c>plateau</c> object of a recipe with the plateau schedule, every number
    /// spelled out: <c>{ "factor": 0.1, "patience": 10, "threshold": 0.0001, "min_lr": 0 }</c>.
    /// </summary>
    public static JsonObject ToJson(ReduceOnPlateau plateau) => new()
    {
        ["factor"] = plateau.Factor,
        ["patience"] = plateau.Patience,
        ["threshold"] = plateau.Threshold,
        ["min_lr"] = plateau.MinRate,
    };

    // The recipe's plateau settings, or null when its JSON has none; a number left out is PyTorch's default.
    private static ReduceOnPlateau? Plateau(JsonFields fields, JsonObject recipeJson, string recipeField)
    {
        if (recipeJson["plateau"] is null)
            return null;
        var json = fields.Child(recipeJson, "plateau", prefix: recipeField);
        var field = $"{recipeField}.plateau";
        return new ReduceOnPlateau(
            // The ranges are the rule's own check (ReduceOnPlateau.Checked, through Recipe.Checked), which says what each number means.
            fields.Number(json, "factor", "a number", double.IsFinite, required: false, prefix: field) ?? ReduceOnPlateau.DefaultFactor,
            json["patience"] is null ? ReduceOnPlateau.DefaultPatience : (int)fields.WholeNumber(json, "patience", 0, int.MaxValue, field),
            fields.Number(json, "threshold", "a number", double.IsFinite, required: false, prefix: field) ?? ReduceOnPlateau.DefaultThreshold,
            fields.Number(json, "min_lr", "a number", double.IsFinite, required: false, prefix: field) ?? 0);
    }

    // A recipe with an optimizer of its own: the plan's form in place of the name, and none of the named optimizer's settings.
    private static JsonObject PlanRecipe(Recipe recipe, OptimizerPlan plan)
    {
        var json = new JsonObject
        {
            ["optimizer"] = OptimizerJson.ToJson(plan),
            ["batch_size"] = recipe.BatchSize,
            ["epochs"] = recipe.Epochs,
            ["label_smoothing"] = recipe.LabelSmoothing,
        };
        if (recipe.Adversarial is { } adversarial) json["adversarial"] = ToJson(adversarial);
        return json;
    }

    /// <summary>
    /// <paramref name="adversarial"/> as JSON, the <c>adversarial</c> object of a recipe, every number spelled out:
    /// <c>{ "method": "fgsm-rs", "epsilon": 0.3, "steps": 1, "step_size": 0.375, "warmup_epochs": 2 }</c>.
    /// </summary>
    public static JsonObject ToJson(AdversarialTraining adversarial) => new()
    {
        ["method"] = AdversarialTraining.Name(adversarial.Method),
        ["epsilon"] = adversarial.Epsilon,
        ["steps"] = adversarial.Steps,
        ["step_size"] = adversarial.StepSize,
        ["warmup_epochs"] = adversarial.WarmupEpochs,
    };

    // The recipe's adversarial training, or null when its JSON has none (every recipe saved before it). Only the method is
    // required: a setting left out is the method's own (AdversarialTraining.Of), so that naming a method is enough.
    private static AdversarialTraining? Adversarial(JsonFields fields, JsonObject recipeJson, string recipeField)
    {
        if (!recipeJson.ContainsKey("adversarial") || recipeJson["adversarial"] is null)
            return null;
        var json = fields.Child(recipeJson, "adversarial", prefix: recipeField);
        var field = $"{recipeField}.adversarial";
        // Whether the settings hold together (steps · α ≥ ε) is the recipe's check, which reading the whole specification makes.
        return AdversarialTraining.Of(
            Named(fields, json, "method", field, AdversarialTraining.MethodNamed, AdversarialTraining.MethodNames),
            fields.Number(json, "epsilon", "a number above 0 and at most 1 (a distance on pixels in [0, 1])", value => value is > 0 and <= 1, required: false, prefix: field),
            json["steps"] is null ? null : (int)fields.WholeNumber(json, "steps", 1, int.MaxValue, field),
            fields.Number(json, "step_size", "a number above 0", value => value > 0, required: false, prefix: field),
            fields.Number(json, "warmup_epochs", "a number of epochs of at least 0", value => value >= 0, required: false, prefix: field));
    }

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
            fields.Number(recipeJson, "clip_grad_norm", "a number above 0", value => value > 0, required: false, prefix: recipeField),
            Adversarial(fields, recipeJson, recipeField)) { Plateau = Plateau(fields, recipeJson, recipeField) };
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
            Monitor = json["monitor"] is null ? Metric.ValidationLoss : Named(fields, json, "monitor", field, Metric.Named, [.. Metric.Watchable.Select(metric => metric.Key)]),
            KeepBest = fields.Flag(json, "keep_best", prefix: field) ?? false,
            RestoreBest = fields.Flag(json, "restore_best", prefix: field) ?? false,
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
    /// (<see cref="Recipe.WithOptimizer"/>), and so does naming another adversarial training method
    /// (<see cref="AdversarialMethodKey"/>: <see cref="NoAdversarial"/> drops it, another method starts from that method's
    /// own settings, <see cref="AdversarialTraining.Of"/>), then the other settings apply; <c>quick</c> set to true makes a quick run
    /// (<see cref="ExperimentScale.Quick"/>) of the epochs and items not set alongside it. The folder is kept. The result
    /// is not yet checked as a whole: call <see cref="RunSpec.Checked"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A key is not a setting of a run, or a value is not what its setting holds, or an attack's setting is given for a run that does not train adversarially; <see cref="ArgumentException.ParamName"/> is the key.</exception>
    public static RunSpec Apply(RunSpec spec, IReadOnlyDictionary<string, JsonNode?> settings)
    {
        if (settings.TryGetValue(Recipe.Key("optimizer"), out var optimizer) && optimizer is JsonValue name && name.TryGetValue<string>(out var text))
            spec = spec with { Recipe = spec.Recipe.WithOptimizer(Resolve(Recipe.Key("optimizer"), () => ByName.Optimizer(text))) };
        (spec, settings) = WithAdversarial(spec, settings);
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

    /// <summary>The key of adversarial training's method, the setting that turns it on, changes or (<see cref="NoAdversarial"/>) ends it.</summary>
    public static string AdversarialMethodKey { get; } = Recipe.Key("adversarial.method");

    /// <summary>The method that trains on the images as they are: <c>recipe.adversarial.method</c> → <c>none</c> drops the recipe's adversarial training.</summary>
    public const string NoAdversarial = "none";

    // The method first, as the optimizer is: none drops the adversarial object; another method than the recipe's starts
    // over from that method's own settings (AdversarialTraining.Of), taking the numbers given alongside it so that α fits
    // them; the same method keeps the recipe's. What is left for Set are the keys that do not end the object.
    private static (RunSpec, IReadOnlyDictionary<string, JsonNode?>) WithAdversarial(RunSpec spec, IReadOnlyDictionary<string, JsonNode?> settings)
    {
        var prefix = Recipe.Key("adversarial.");
        var attackKeys = settings.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal) && key != AdversarialMethodKey).ToList();
        var recipe = spec.Recipe;
        if (settings.TryGetValue(AdversarialMethodKey, out var method) && method is JsonValue named && named.TryGetValue<string>(out var name))
        {
            if (name == NoAdversarial)
            {
                recipe = recipe with { Adversarial = null };
                settings = settings.Where(pair => pair.Key != AdversarialMethodKey).ToDictionary(StringComparer.Ordinal);
            }
            else if (Resolve(AdversarialMethodKey, () => AdversarialTraining.MethodNamed(name)) is var chosen && chosen != recipe.Adversarial?.Method)
            {
                recipe = recipe with
                {
                    Adversarial = AdversarialTraining.Of(chosen, Given("epsilon"), Given("steps") is { } steps && steps == Math.Floor(steps) && steps is >= 1 and <= int.MaxValue ? (int)steps : null,
                        Given("step_size"), Given("warmup_epochs")),
                };
            }
        }
        if (recipe.Adversarial is null && attackKeys.Count > 0)
            throw new ArgumentException(
                $"The run does not train adversarially (no method, or {NoAdversarial}), so there is no attack to set; name a method ({string.Join(" or ", AdversarialTraining.MethodNames)}) with it, or leave it out.",
                attackKeys[0]);
        return (spec with { Recipe = recipe }, settings);

        // A number of any CLR type (the command line gives an int for the steps): its JSON text is the value.
        double? Given(string setting) =>
            settings.TryGetValue(prefix + setting, out var value) && value is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && double.TryParse(number.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var given) ? given : null;
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
        return Recipe.Of(read, (int)fields.WholeNumber(recipe, "batch_size", 1, int.MaxValue, prefix), (int)fields.WholeNumber(recipe, "epochs", 1, int.MaxValue, prefix), LabelSmoothing(fields, recipe, prefix))
            with { Adversarial = Adversarial(fields, recipe, prefix) };
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
