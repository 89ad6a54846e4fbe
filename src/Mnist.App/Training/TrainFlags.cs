using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Robustness;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;

namespace Mnist.App.Training;

/// <summary>
/// The <c>train</c> command's flags for a run's settings, each beside the key of the setting it sets
/// (<see cref="RunSpecJson.Settings"/>). This is all the command line knows about a run: the library's specification and its
/// JSON form list the settings and check them; here a flag is only mapped to a key, so that the settings a user gives
/// become a specification, a specification becomes the command that reproduces it, and a message about a setting names
/// its flag.
/// </summary>
public static class TrainFlags
{
    /// <summary>The values <c>--adversarial</c> takes: the library's methods and <see cref="RunSpecJson.NoAdversarial"/>.</summary>
    public static IReadOnlyList<string> AdversarialMethods { get; } = [.. AdversarialTraining.MethodNames, RunSpecJson.NoAdversarial];

    /// <summary>The most epochs a run may ask for (about a week of the largest model on a laptop).</summary>
    public const int MaxEpochs = 10_000;

    /// <summary>The largest batch: 4,096 MNIST images already take gigabytes of activations in the larger models.</summary>
    public const int MaxBatchSize = 4096;

    /// <summary>What joins the commands of a chain in a run's record: each runs after the one before it succeeded.</summary>
    public const string ChainSeparator = " && ";

    /// <summary>What <c>--quick</c> does, in words, for the help and the output (see <see cref="ExperimentScale.Quick"/>).</summary>
    public static string QuickDescription => string.Create(CultureInfo.InvariantCulture,
        $"one epoch on the first {ExperimentScale.Quick.TrainItems:N0} training items, evaluated on the first {ExperimentScale.Quick.TestItems:N0} test items");

    // The dataset's and the fine-tuning's parts: the run's settings hold each as one description (DatasetJson, FineTuning),
    // which these flags make together with --dataset and the model.
    private const string TestFractionKey = "dataset.test_fraction";
    private const string TestFolderKey = "dataset.test_folder";
    private const string InitFromKey = "fine_tune.init_from";
    private const string FreezeKey = "fine_tune.freeze";
    private static readonly string[] PartKeys = [TestFractionKey, TestFolderKey, InitFromKey, FreezeKey];

    private static readonly Option<string[]> Freeze = new("--freeze")
    {
        Description = $"With --init-from, layers that keep their trained weights: the network's layer paths (0,4; an unknown one is refused with the list), or {FineTuning.AllButHead}.",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Each flag, with the key of the run setting it sets, in the order a reproducing command names them.</summary>
    public static IReadOnlyList<(Option Option, string Key, Func<ParseResult, JsonNode?> Value)> Settings { get; } =
    [
        Setting(new Option<string?>("--model", "-m") { Description = $"The zoo model ({string.Join(", ", Zoo.All.Select(model => model.Name))}); default {Zoo.Default.Name}. 'mnist models' lists them." }, "model"),
        Setting(new Option<string?>("--dataset", "-d") { Description = DatasetChoice.Help + " Default mnist." }, "dataset"),
        Setting(NumberOptions.Real("--test-fraction", $"For a folder dataset, the share of each class held out for testing, in (0, 1) (default {LabelledFolder.DefaultTestFraction}; drawn with a fixed seed).", 0, 1), TestFractionKey),
        Setting(new Option<string?>("--test-folder") { Description = "For a folder dataset, a separate folder of test images with the same class subfolders (instead of --test-fraction)." }, TestFolderKey),
        Setting(new Option<string?>("--init-from") { Description = "Fine-tune: start from this trained run's weights (its model; the head starts fresh when the classes differ), with a recipe for a few hundred images (adam lr 0.001, batch 32, 10 epochs) unless options say otherwise." }, InitFromKey),
        (Freeze, FreezeKey, parse => parse.GetValue(Freeze) is { Length: > 0 } layers
            ? new JsonArray([.. layers.SelectMany(layer => layer.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(layer => (JsonNode?)layer)])
            : null),
        Setting(new Option<string?>("--optimizer") { Description = $"The optimizer: {string.Join(", ", ByName.Optimizers)} (default: the model's recipe)." }, Recipe.Key("optimizer")),
        Setting(NumberOptions.Positive("--lr", "The learning rate, or the peak of the schedule (default: the recipe's, or a standard one for --optimizer)."), Recipe.Key("learning_rate")),
        Setting(new Option<string?>("--schedule") { Description = $"The learning-rate schedule: {string.Join(", ", ByName.Schedules)} (default: the model's recipe)." }, Recipe.Key("schedule")),
        Setting(NumberOptions.Whole("--batch-size", $"Samples per step (default: the model's recipe; at most {MaxBatchSize:N0}).", 1, MaxBatchSize, "-b"), Recipe.Key("batch_size")),
        Setting(NumberOptions.Whole("--epochs", "Epochs in all (default: the model's recipe; with --resume, train up to this many).", 1, MaxEpochs, "-e"), Recipe.Key("epochs")),
        Setting(NumberOptions.Real("--weight-decay", "L2 weight decay, decoupled for adamw (default: the model's recipe; 0 with --optimizer).", 0, double.PositiveInfinity), Recipe.Key("weight_decay")),
        Setting(NumberOptions.Real("--label-smoothing", "Spread this share of each target evenly over all classes, in [0, 1) (default: the model's recipe).", 0, 1), Recipe.Key("label_smoothing")),
        Setting(NumberOptions.Real("--momentum", "Momentum of sgd (default 0.9, Nesterov) or rmsprop (default 0), in [0, 1).", 0, 1), Recipe.Key("momentum")),
        Setting(NumberOptions.Positive("--clip-grad-norm", "Clip the gradients to this global L2 norm before each update, as PyTorch's clip_grad_norm_ (default: no clipping)."), Recipe.Key("clip_grad_norm")),
        Setting(new Option<string?>("--adversarial") { Description = $"Train on adversarial images made against the current parameters: {string.Join(", ", AdversarialMethods)} (default: the model's recipe; {RunSpecJson.NoAdversarial} for the images as they are). fgsm-rs is FGSM from a random start (Wong et al. 2020), pgd is PGD (Madry et al. 2018); another method than the recipe's starts from that method's own settings.", HelpName = "METHOD" }, RunSpecJson.AdversarialMethodKey),
        // Each number's own range is the parser's (a usage error, as for every numeric option); whether they hold together
        // (ε at most 1, one step for fgsm-rs, steps that reach the edge of the ball) is the recipe's check (exit 2).
        Setting(NumberOptions.Positive("--adversarial-epsilon", $"ε, the L∞ radius on pixels in [0, 1], above 0 and at most 1 (default: the recipe's, else {AdversarialTraining.DefaultEpsilon})."), Recipe.Key("adversarial.epsilon")),
        Setting(NumberOptions.Whole("--adversarial-steps", "The attack's steps: 1 for fgsm-rs; for pgd default the recipe's, else 40.", min: 1), Recipe.Key("adversarial.steps")),
        Setting(NumberOptions.Positive("--adversarial-step-size", "α, each step's length at the full ε (default: the recipe's; for a method named with --adversarial, 1.25·ε for fgsm-rs and 2.5·ε/steps for pgd)."), Recipe.Key("adversarial.step_size")),
        Setting(NumberOptions.Real("--adversarial-warmup", "Epochs over which ε rises linearly from 0 to its full value (default: the recipe's, else 0).", 0, double.PositiveInfinity), Recipe.Key("adversarial.warmup_epochs")),
        Setting(NumberOptions.Whole64("--seed", $"Seeds initialisation, dropout, shuffling and the validation split (default {RunSpec.DefaultSeed})."), "seed"),
        Setting(NumberOptions.Whole("--validation", "Training samples to hold out as a validation split, evaluated each epoch (default 0; fewer than the training split holds).", min: 0), "validation_size"),
        Setting(NumberOptions.Whole64("--train-items", "Train on the first N training items only (default: all of them).", min: 1), "train_items"),
        Setting(NumberOptions.Whole64("--test-items", "Evaluate on the first N test items only (default: all of them).", min: 1), "test_items"),
        Setting(new Option<bool>("--quick") { Description = $"Check the recipe end to end in seconds: {QuickDescription}. The figures measure nothing, and the output, the report and run.json say so." }, "quick"),
        Setting(NumberOptions.Whole("--early-stopping", "Stop when the validation loss (or --monitor) has not improved for this many epochs; needs --validation.", min: 1), "early_stopping_patience"),
        Setting(new Option<string?>("--monitor") { Description = $"The validation figure that picks the best epoch for --early-stopping, --keep-best, --restore-best and --schedule plateau: {string.Join(" or ", Metric.Watchable.Select(metric => metric.Key))} (default validation_loss).", HelpName = "METRIC" }, "monitor"),
        Setting(new Option<bool>("--keep-best") { Description = $"Keep the checkpoint of the best epoch (by --monitor) beside the last, in the run's {RunFolder.BestCheckpointName}/ folder; --checkpoint RUN/{RunFolder.BestCheckpointName} gives it to evaluate, predict, export and serve. Needs --validation." }, "keep_best"),
        Setting(new Option<bool>("--restore-best") { Description = "End the run with the best epoch's weights (by --monitor): the test figures and the run's checkpoint are theirs; the best checkpoint is kept too. Needs --validation." }, "restore_best"),
        Setting(NumberOptions.Positive("--plateau-factor", $"With --schedule plateau, multiply the rate by this, in (0, 1), when the validation loss stops improving (default {ReduceOnPlateau.DefaultFactor})."), Recipe.Key("plateau.factor")),
        Setting(NumberOptions.Whole("--plateau-patience", $"With --schedule plateau, epochs without improvement tolerated before the rate is lowered (default {ReduceOnPlateau.DefaultPatience}).", min: 0), Recipe.Key("plateau.patience")),
        Setting(NumberOptions.Real("--plateau-threshold", $"With --schedule plateau, the relative improvement that counts (default {ReduceOnPlateau.DefaultThreshold}).", 0, double.PositiveInfinity), Recipe.Key("plateau.threshold")),
        Setting(NumberOptions.Real("--plateau-min-lr", "With --schedule plateau, the smallest rate it lowers to (default 0).", 0, double.PositiveInfinity), Recipe.Key("plateau.min_lr")),
        Setting(NumberOptions.Positive("--time-budget", "Stop before another epoch would take training past this many seconds."), "time_budget_seconds"),
        Setting(ThreadCount.Create(), "threads"),
    ];

    /// <summary>
    /// The settings no flag sets, and why: Adam's β come only with a model's recipe (its name brings them), the command
    /// line always evaluates the test split after each epoch, the pixel statistics are measured on the training split, and
    /// the architecture comes with the model's name or its file (<c>--model-file</c>).
    /// </summary>
    public static IReadOnlySet<string> WithoutFlag { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Recipe.Key("beta1"), Recipe.Key("beta2"), "test_each_epoch", "pixel_mean", "pixel_std", RunModelJson.ArchitectureField,
    };

    /// <summary>The flag that sets the setting <paramref name="key"/>, or <see langword="null"/> when none does.</summary>
    public static string? FlagFor(string key) => Settings.FirstOrDefault(setting => setting.Key == key).Option?.Name;

    /// <summary>The option of the setting <paramref name="key"/>.</summary>
    public static Option<T> OptionFor<T>(string key) => (Option<T>)Settings.Single(setting => setting.Key == key).Option;

    /// <summary>The settings given on the command line, by key: only the flags that were typed.</summary>
    public static Dictionary<string, JsonNode?> Given(ParseResult parse) =>
        Settings.Where(setting => parse.GetResult(setting.Option) is { Implicit: false })
            .ToDictionary(setting => setting.Key, setting => setting.Value(parse), StringComparer.Ordinal);

    /// <summary>
    /// The specification of a new run: the model's recipe (the default model's when none is named) with the settings given.
    /// The run checks it as a whole when it starts (<see cref="RunSpec.Checked"/>); <see cref="Explain"/> gives the flag.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is not one a run holds; the message starts with its flag.</exception>
    public static RunSpec ForNewRun(IReadOnlyDictionary<string, JsonNode?> given) => Explained(() =>
    {
        var (testFraction, testFolder) = (given.GetValueOrDefault(TestFractionKey)?.GetValue<double>(), Name(given, TestFolderKey));
        var (initFrom, frozen) = (Name(given, InitFromKey), given.GetValueOrDefault(FreezeKey) as JsonArray);
        Require(testFraction is null or > 0, TestFractionKey, "Hold out a share above 0 of each class, or every image would be trained on.");
        Require(testFraction is null || given.ContainsKey("dataset"), TestFractionKey, "It splits a folder of labelled images: give the folder with --dataset.");
        Require(testFolder is null || given.ContainsKey("dataset"), TestFolderKey, "It belongs to a folder of labelled images: give the folder with --dataset.");
        Require(frozen is null || initFrom is not null, FreezeKey, "Only layers of a trained model can be frozen: give the run to start from with --init-from.");
        var fineTune = initFrom is null ? null : new FineTuning(Path.GetFullPath(RunFolders.CheckpointOf(initFrom)), [.. frozen?.Select(layer => layer!.GetValue<string>()) ?? []]);
        // A fine-tuned run keeps the architecture of the run it starts from.
        var model = Zoo.Find(Name(given, "model") ?? (fineTune is null ? Zoo.Default.Name : Run.SpecOf(fineTune.From).Model.Name));
        var dataset = Name(given, "dataset") is { } name ? DatasetChoice.Resolve(name, testFraction, testFolder) : DatasetCatalog.Mnist;
        var spec = RunSpec.Of(model, dataset);
        if (fineTune is not null)
        {
            // The layers to freeze are named and checked now, before any data is read: all-but-head becomes the layers' paths.
            IReadOnlyList<string> frozenLayers;
            try
            {
                frozenLayers = WarmStart.Frozen(spec.Network, model.Name, fineTune.Frozen);
            }
            catch (ArgumentException e) when (e.ParamName is null)
            {
                throw Refusal(FreezeKey, e);
            }
            spec = spec with { Recipe = FineTuning.RecipeFor(model.Recipe), FineTune = fineTune with { Frozen = frozenLayers } };
        }
        return RunSpecJson.Apply(spec, Others(given));
    });

    // The settings given beside the dataset and the fine-tuning, which ForNewRun has made whole.
    private static Dictionary<string, JsonNode?> Others(IReadOnlyDictionary<string, JsonNode?> given) =>
        given.Where(pair => pair.Key != "dataset" && !PartKeys.Contains(pair.Key)).ToDictionary(StringComparer.Ordinal);

    private static void Require(bool condition, string key, string problem)
    {
        if (!condition) throw new ArgumentException(problem, key);
    }

    // The library's refusal of a setting, under the setting's key so that the message names its flag.
    private static ArgumentException Refusal(string key, ArgumentException refused) => new(refused.Message, key, refused);

    /// <summary>
    /// The specification of the run resumed from <paramref name="checkpoint"/> (saved as <paramref name="saved"/>), with the
    /// settings given. A resumed run continues the same run: only <see cref="RunSpec.ResumableSettings"/> may change, and a new
    /// total of epochs for a schedule fitted to the run's length (<see cref="RunSpec.Refits"/>) only with <c>--schedule</c>
    /// naming that same schedule, which refits it from the resumed step on.
    /// </summary>
    /// <exception cref="ArgumentException">A setting that cannot change on resume was given; the message names its flag.</exception>
    public static RunSpec ForResume(IReadOnlyDictionary<string, JsonNode?> given, bool replace, RunSpec saved, string checkpoint)
    {
        // The dataset named as the run names it is the same run's; its split and the fine-tuning were made when it started.
        var sameDataset = Name(given, "dataset") is not { } named || named == saved.Dataset.Id
            || (saved.Dataset.Folder is { } folder && Path.GetFullPath(named) == Path.GetFullPath(folder.Path));
        var settings = Others(given).Where(pair => !(saved.Quick && pair.Key == "quick")).ToDictionary(StringComparer.Ordinal);
        var requested = Explained(() => RunSpecJson.Apply(saved, settings));
        var differences = RunSpecJson.Differences(saved, requested);
        var changed = settings.Keys.Where(key => !RunSpec.ResumableSettings.Contains(key) && differences.Contains(key)).Select(key => FlagFor(key)!).ToList();
        if (!sameDataset) changed.Insert(0, FlagFor("dataset")!);
        changed.AddRange(PartKeys.Where(given.ContainsKey).Select(key => FlagFor(key)!));
        if (replace) changed.Add("--replace");
        if (changed.Count > 0)
            throw new ArgumentException($"{string.Join(", ", changed)} cannot change when resuming {checkpoint}: a resumed run continues the same run. " +
                                        $"Only {string.Join(", ", RunSpec.ResumableSettings.Select(FlagFor))} (--epochs to train longer; with --schedule {ScheduleOf(saved)} where the schedule is fitted to the run's length), --data-dir and --out may be given.");
        if (RunSpec.Refits(saved, requested) && saved.Recipe.Plan is { } plan)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--epochs {requested.Recipe.Epochs}: the run in {checkpoint} trains with an optimizer plan ({plan.Describe()}) whose learning rate spans the run's {saved.Recipe.Epochs} planned epoch{(saved.Recipe.Epochs == 1 ? "" : "s")}, so training it to {requested.Recipe.Epochs} epochs is not the same run. Start a new run with --epochs {requested.Recipe.Epochs}, or give the plan's schedule its length in steps or epochs (\"over\" in its JSON form: optimizers.md), which a longer run keeps."));
        if (RunSpec.Refits(saved, requested) && !settings.ContainsKey(Recipe.Key("schedule")))
        {
            var (epochs, schedule) = (requested.Recipe.Epochs, ScheduleOf(saved));
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--epochs {epochs}: the run in {checkpoint} was planned for {saved.Recipe.Epochs} epoch{(saved.Recipe.Epochs == 1 ? "" : "s")} with a {schedule} schedule, which is fitted to the run's length (it brings the learning rate down to its end at the last planned step), so training it to {epochs} epochs is not the same run. Either start a new run with --epochs {epochs} (the schedule planned for {epochs} epochs from the start), or add --schedule {schedule} to refit the schedule to {epochs} epochs from the step where it stopped (the learning rate jumps to what a {epochs}-epoch {schedule} schedule has there; run.json records both commands)."));
        }
        return requested;
    }

    /// <summary>
    /// The <c>mnist train</c> command line that runs <paramref name="spec"/> again: every setting of the specification that has
    /// a flag, spelled out so that changed defaults do not change it; the architecture and optimizer files it was given
    /// (<paramref name="modelFile"/>, <paramref name="optimizerFile"/>) in place of a model's and an optimizer's name; and
    /// <c>--adversarial none</c> when the model's recipe trains adversarially and the run does not.
    /// </summary>
    /// <exception cref="InvalidOperationException">The specification holds a setting that no flag sets and <see cref="WithoutFlag"/> does not name.</exception>
    public static string CommandFor(RunSpec spec, string? modelFile = null, string? optimizerFile = null)
    {
        var words = new List<string> { "mnist", "train" };
        foreach (var setting in RunSpecJson.Settings(spec).Where(setting => !WithoutFlag.Contains(setting.Key)))
        {
            if (setting.Key == "fine_tune")
            {
                if (spec.FineTune is { } fineTune)
                {
                    words.AddRange([FlagFor(InitFromKey)!, Quoted(fineTune.From)]);
                    if (fineTune.Frozen.Count > 0) words.AddRange([FlagFor(FreezeKey)!, string.Join(',', fineTune.Frozen)]);
                }
                continue;
            }
            var flag = FlagFor(setting.Key) ?? throw new InvalidOperationException($"The run setting '{setting.Key}' has no flag of 'mnist train': give it one in {nameof(TrainFlags)}, or say why it has none.");
            switch (setting.Value)
            {
                case null:
                    break;
                case not null when setting.Key == "dataset":
                    words.AddRange([flag, Quoted(DatasetChoice.Argument(spec.Dataset))]);
                    if (spec.Dataset.Folder is { } folder)
                        words.AddRange(folder.TestPath is { } test
                            ? [FlagFor(TestFolderKey)!, Quoted(test)]
                            : [FlagFor(TestFractionKey)!, folder.TestFraction.ToString(CultureInfo.InvariantCulture)]);
                    break;
                case JsonValue when setting.Key == "model" && modelFile is not null:
                    words.AddRange(["--model-file", Quoted(modelFile)]);
                    break;
                case JsonObject when setting.Key == Recipe.Key("optimizer"):
                    // An optimizer plan: its file, when the run was given one (a plan made in code has none to name).
                    if (optimizerFile is not null) words.AddRange(["--optimizer-file", Quoted(optimizerFile)]);
                    break;
                case JsonValue flagValue when flagValue.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    if (flagValue.GetValue<bool>()) words.Add(flag);
                    break;
                default:
                    words.AddRange([flag, setting.Text]);
                    break;
            }
        }
        // The model's name brings its recipe's adversarial training: a run that trains without it says so.
        if (spec.Model.Recipe.Adversarial is not null && spec.Recipe.Adversarial is null)
            words.AddRange([FlagFor(RunSpecJson.AdversarialMethodKey)!, RunSpecJson.NoAdversarial]);
        return string.Join(' ', words);
    }

    /// <summary>
    /// The command line that reproduces a resumed run. Continuing to the planned total, or extending a schedule that
    /// does not depend on the run's length, gives the run that <see cref="CommandFor"/> starts from scratch, bit for
    /// bit. A refitted schedule does not: then the command is the chain that made the run (the earlier command into
    /// <paramref name="folder"/>, then this resume), and a resume of such a run keeps its chain.
    /// </summary>
    /// <param name="saved">The specification the checkpoint holds.</param>
    /// <param name="resumed">The specification the run goes on with.</param>
    /// <param name="folder">The run's folder, as the user named it.</param>
    /// <param name="earlier">The command the run's <c>run.json</c> recorded so far; <see langword="null"/> when there is none.</param>
    public static string CommandForResume(RunSpec saved, RunSpec resumed, string folder, string? earlier)
    {
        var chained = earlier is not null && earlier.Contains(ChainSeparator, StringComparison.Ordinal);
        if (!RunSpec.Refits(saved, resumed))
            return chained ? earlier! : CommandFor(resumed);
        var before = chained ? earlier! : $"{earlier ?? CommandFor(saved)} --out {Quoted(folder)}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{before}{ChainSeparator}mnist train --resume {Quoted(Path.Combine(folder, RunFolder.CheckpointName))} --epochs {resumed.Recipe.Epochs} --schedule {ScheduleOf(resumed)}");
    }

    /// <summary>
    /// A refused setting (an <see cref="ArgumentException"/> whose parameter is a setting's key) as the same message headed by
    /// the setting's flag, <c>--validation: …</c>; <see langword="null"/> for any other exception.
    /// </summary>
    public static ArgumentException? Explain(ArgumentException e) =>
        e.ParamName is { } key && FlagFor(key) is { } flag ? new ArgumentException($"{flag}: {CommandAction.MessageOf(e)}", e) : null;

    /// <summary>
    /// Runs <paramref name="plan"/>, turning a refused setting (an <see cref="ArgumentException"/> whose parameter is a
    /// setting's key) into the same message headed by the setting's flag: <c>--validation: …</c>.
    /// </summary>
    public static T Explained<T>(Func<T> plan)
    {
        try
        {
            return plan();
        }
        catch (ArgumentException e) when (Explain(e) is { } explained)
        {
            throw explained;
        }
    }

    private static (Option Option, string Key, Func<ParseResult, JsonNode?> Value) Setting<T>(Option<T> option, string key) =>
        (option, key, parse => JsonValue.Create(parse.GetValue(option)));

    private static string? Name(IReadOnlyDictionary<string, JsonNode?> given, string key) =>
        given.TryGetValue(key, out var value) ? value?.GetValue<string>() : null;

    private static string ScheduleOf(RunSpec spec) => ByName.Name(spec.Recipe.Schedule);

    // A path as a POSIX shell reads it back: quoted when it holds anything but plain characters.
    private static string Quoted(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ',' or ':' or '=' or '@')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
