using System.Globalization;
using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Runs;

namespace Mnist.App.Training;

/// <summary>Turns a <see cref="TrainRequest"/> into the run's specification, once: the zoo recipe with the user's overrides, or the resumed run's own specification.</summary>
public static class RunPlan
{
    /// <summary>The most epochs a run may ask for (about a week of the largest model on a laptop).</summary>
    public const int MaxEpochs = 10_000;

    /// <summary>The largest batch: 4,096 MNIST images already take gigabytes of activations in the larger models.</summary>
    public const int MaxBatchSize = 4096;

    /// <summary>
    /// What <c>--quick</c> does, as <see cref="ExperimentScale.Quick"/> does for the experiment scripts: the first
    /// 2,048 training items (16 batches of 128), the first 1,000 test items, one epoch. <c>--train-items</c>,
    /// <c>--test-items</c> and <c>--epochs</c> given beside it win.
    /// </summary>
    public static ExperimentScale Quick => ExperimentScale.Quick;

    /// <summary><see cref="Quick"/> in words, for the help and the output.</summary>
    public static string QuickDescription => string.Create(CultureInfo.InvariantCulture,
        $"one epoch on the first {Quick.TrainItems:N0} training items, evaluated on the first {Quick.TestItems:N0} test items");

    /// <summary>The specification of a new run (its folder is set by the caller).</summary>
    /// <exception cref="ArgumentException">A name or number is not valid; the message names the option.</exception>
    public static RunSpec ForNewRun(TrainRequest request)
    {
        Require(request.TestFraction is null or > 0, "--test-fraction", "hold out a share above 0 of each class, or every image would be trained on");
        Require(request.TestFraction is null || request.Dataset is not null, "--test-fraction", "it splits a folder of labelled images: give the folder with --dataset");
        Require(request.TestFolder is null || request.Dataset is not null, "--test-folder", "it belongs to a folder of labelled images: give the folder with --dataset");
        Require(request.Freeze is null || request.InitFrom is not null, "--freeze", "only layers of a trained model can be frozen: give the run to start from with --init-from");
        var fineTune = request.InitFrom is { } from ? new FineTuning(Path.GetFullPath(RunFolders.CheckpointOf(from)), request.Freeze ?? []) : null;
        // A fine-tuned run keeps the architecture of the run it starts from.
        var model = Zoo.Find(request.Model ?? (fineTune is null ? Zoo.Default.Name : Run.SpecOf(fineTune.From).Model.Name));
        var dataset = request.Dataset is { } name ? DatasetChoice.Resolve(name, request.TestFraction, request.TestFolder) : DatasetCatalog.Mnist;
        var recipe = fineTune is null ? model.Recipe : FineTuning.RecipeFor(model.Recipe);
        if (request.Optimizer is { } optimizer)
        {
            // Adam's β stay when the recipe's own optimizer is named: no option sets them, and CommandFor names the optimizer.
            var kind = ByName.Optimizer(optimizer);
            var sameKind = kind == recipe.Optimizer;
            recipe = recipe with
            {
                Optimizer = kind, LearningRate = kind.DefaultLearningRate(), WeightDecay = 0, Momentum = null,
                Beta1 = sameKind ? recipe.Beta1 : null, Beta2 = sameKind ? recipe.Beta2 : null,
            };
        }
        if (request.Schedule is { } schedule)
            recipe = recipe with { Schedule = ByName.Schedule(schedule) };
        if (request.LearningRate is { } learningRate)
        {
            Require(learningRate > 0 && double.IsFinite(learningRate), "--lr", "the learning rate must be a positive number");
            recipe = recipe with { LearningRate = learningRate };
        }
        if (request.BatchSize is { } batchSize)
        {
            Require(batchSize >= 1, "--batch-size", "the batch size must be at least 1");
            recipe = recipe with { BatchSize = batchSize };
        }
        if (request.Epochs is { } epochs)
        {
            Require(epochs >= 1, "--epochs", "train at least 1 epoch");
            recipe = recipe with { Epochs = epochs };
        }
        else if (request.Quick)
            recipe = Quick.Apply(recipe);
        if (request.WeightDecay is { } weightDecay)
        {
            Require(weightDecay >= 0 && double.IsFinite(weightDecay), "--weight-decay", "the weight decay must be 0 or more");
            recipe = recipe with { WeightDecay = weightDecay };
        }
        if (request.LabelSmoothing is { } smoothing)
        {
            Require(smoothing is >= 0 and < 1, "--label-smoothing", "the label smoothing must be at least 0 and less than 1");
            recipe = recipe with { LabelSmoothing = smoothing };
        }
        if (request.Momentum is { } momentum)
        {
            Require(momentum is >= 0 and < 1, "--momentum", "the momentum must be at least 0 and less than 1");
            Require(recipe.Optimizer is OptimizerKind.Sgd or OptimizerKind.RmsProp, "--momentum", $"{ByName.Name(recipe.Optimizer)} has no momentum; it applies to sgd and rmsprop");
            recipe = recipe with { Momentum = momentum };
        }
        var validation = request.ValidationSize ?? 0;
        Require(validation >= 0, "--validation", "the validation size cannot be negative");
        // A folder's images are counted when it is read; then the run checks these against them.
        var trainCount = dataset.Count(SplitKind.Train) ?? long.MaxValue;
        var testCount = dataset.Count(SplitKind.Test) ?? long.MaxValue;
        var trainItems = request.TrainItems ?? (request.Quick ? Quick.TrainItems : null);
        var testItems = request.TestItems ?? (request.Quick ? Quick.TestItems : null);
        Require(trainItems is null or >= 1, "--train-items", "train on at least 1 item");
        Require(trainItems is null || trainItems <= trainCount, "--train-items", $"{dataset.Title}'s training split holds {trainCount:N0} items; {trainItems:N0} is more");
        Require(testItems is null or >= 1, "--test-items", "evaluate at least 1 item");
        Require(testItems is null || testItems <= testCount, "--test-items", $"{dataset.Title}'s test split holds {testCount:N0} items; {testItems:N0} is more");
        var trainable = trainItems ?? trainCount;
        Require(validation < trainable, "--validation",
            $"{(trainItems is null ? $"{dataset.Title}'s training split holds" : "--train-items gives")} {trainable:N0} samples, so at most {trainable - 1:N0} can be held out (and the rest trained on); {validation:N0} is too many");
        Require(request.TimeBudget is null or > 0, "--time-budget", "the budget must be a positive number of seconds");
        var spec = new RunSpec(model, dataset, recipe, request.Seed ?? RunSpec.DefaultSeed)
        {
            ValidationSize = validation,
            TrainItems = trainItems,
            TestItems = testItems,
            Quick = request.Quick,
            EarlyStoppingPatience = request.EarlyStopping,
            TimeBudgetSeconds = request.TimeBudget,
            Threads = request.Threads,
            FineTune = fineTune,
        }.Checked();
        return fineTune is null ? spec : spec with { FineTune = fineTune with { Frozen = WarmStart.Frozen(spec.Network, model.Name, fineTune.Frozen) } };
    }

    /// <summary>
    /// The specification of the run being resumed, with a new total of epochs if <c>--epochs</c> is given.
    /// Options that would change the run itself are refused: a resumed run continues the same run. A new total of
    /// epochs for a schedule fitted to the run's length (<see cref="FittedToLength"/>) is refused too, unless
    /// <c>--schedule</c> names that same schedule: it is then refitted to the new total from the resumed step on
    /// (<see cref="Refits"/>), which the run's record keeps as the chain of commands that made it.
    /// </summary>
    /// <exception cref="ArgumentException">An option that cannot change on resume was given.</exception>
    public static RunSpec ForResume(TrainRequest request, string checkpoint)
    {
        var saved = Run.SpecOf(checkpoint);
        var refit = request.Epochs is { } total && total != saved.Recipe.Epochs && FittedToLength(saved.Recipe.Schedule);
        var schedule = ByName.Name(saved.Recipe.Schedule);
        if (refit && request.Schedule is null)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--epochs {request.Epochs}: the run in {checkpoint} was planned for {saved.Recipe.Epochs} epoch{(saved.Recipe.Epochs == 1 ? "" : "s")} with a {schedule} schedule, which is fitted to the run's length (it brings the learning rate down to its end at the last planned step), so training it to {request.Epochs} epochs is not the same run. Either start a new run with --epochs {request.Epochs} (the schedule planned for {request.Epochs} epochs from the start), or add --schedule {schedule} to refit the schedule to {request.Epochs} epochs from the step where it stopped (the learning rate jumps to what a {request.Epochs}-epoch {schedule} schedule has there; run.json records both commands)."));
        var changed = new (string Option, bool Given)[]
        {
            ("--model", request.Model is not null && !request.Model.Equals(saved.Model.Name, StringComparison.OrdinalIgnoreCase)),
            ("--dataset", request.Dataset is not null && request.Dataset != saved.Dataset.Id && request.Dataset != saved.Dataset.Folder?.Path),
            ("--test-fraction", request.TestFraction is not null), ("--test-folder", request.TestFolder is not null),
            ("--init-from", request.InitFrom is not null), ("--freeze", request.Freeze is not null),
            ("--batch-size", request.BatchSize is not null && request.BatchSize != saved.Recipe.BatchSize),
            ("--optimizer", request.Optimizer is not null), ("--lr", request.LearningRate is not null),
            ("--schedule", request.Schedule is not null && !request.Schedule.Equals(schedule, StringComparison.OrdinalIgnoreCase)),
            ("--weight-decay", request.WeightDecay is not null), ("--label-smoothing", request.LabelSmoothing is not null), ("--momentum", request.Momentum is not null),
            ("--seed", request.Seed is not null && request.Seed != saved.Seed),
            ("--validation", request.ValidationSize is not null && request.ValidationSize != saved.ValidationSize),
            ("--early-stopping", request.EarlyStopping is not null && request.EarlyStopping != saved.EarlyStoppingPatience),
            ("--train-items", request.TrainItems is not null && request.TrainItems != saved.TrainItems),
            ("--test-items", request.TestItems is not null && request.TestItems != saved.TestItems),
            ("--quick", request.Quick && !saved.Quick),
            ("--replace", request.Replace),
        }.Where(option => option.Given).Select(option => option.Option).ToArray();
        if (changed.Length > 0)
            throw new ArgumentException($"{string.Join(", ", changed)} cannot change when resuming {checkpoint}: a resumed run continues the same run. Only --epochs (to train longer; with --schedule {schedule} where the schedule is fitted to the run's length), --time-budget, --threads, --data-dir and --out may be given.");
        var spec = saved with { Threads = request.Threads ?? saved.Threads, TimeBudgetSeconds = request.TimeBudget ?? saved.TimeBudgetSeconds };
        if (request.Epochs is { } epochs)
        {
            Require(epochs >= 1, "--epochs", "train at least 1 epoch");
            spec = spec with { Recipe = spec.Recipe with { Epochs = epochs } };
        }
        return spec;
    }

    /// <summary>
    /// Whether <paramref name="kind"/> is fitted to the run's length (cosine and one-cycle reach their end at the last
    /// planned step), so that another total of epochs changes the learning rate of every step. Constant, step and
    /// exponential schedules depend on the step alone: a run extended with them is the run planned that long.
    /// </summary>
    public static bool FittedToLength(ScheduleKind kind) => kind is ScheduleKind.Cosine or ScheduleKind.OneCycle;

    /// <summary>Whether resuming <paramref name="saved"/> as <paramref name="resumed"/> refits its schedule to another length.</summary>
    public static bool Refits(RunSpec saved, RunSpec resumed) => resumed.Recipe.Epochs != saved.Recipe.Epochs && FittedToLength(saved.Recipe.Schedule);

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
        if (!Refits(saved, resumed))
            return chained ? earlier! : CommandFor(resumed);
        var before = chained ? earlier! : $"{earlier ?? CommandFor(saved)} --out {Quoted(folder)}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{before}{ChainSeparator}mnist train --resume {Quoted(Path.Combine(folder, RunFolder.CheckpointName))} --epochs {resumed.Recipe.Epochs} --schedule {ByName.Name(resumed.Recipe.Schedule)}");
    }

    /// <summary>What joins the commands of a chain in a run's record: each runs after the one before it succeeded.</summary>
    public const string ChainSeparator = " && ";

    // A path as a POSIX shell reads it back: quoted when it holds anything but plain characters.
    private static string Quoted(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ',' or ':' or '=' or '@')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The <c>mnist train</c> command line that runs <paramref name="spec"/> again, every setting spelled out so that changed defaults do not change it.</summary>
    public static string CommandFor(RunSpec spec)
    {
        var recipe = spec.Recipe;
        var parts = new List<string>
        {
            "mnist", "train", "--model", spec.Model.Name, "--dataset", Quoted(DatasetChoice.Argument(spec.Dataset)),
            "--optimizer", ByName.Name(recipe.Optimizer), "--lr", Number(recipe.LearningRate), "--schedule", ByName.Name(recipe.Schedule),
            "--batch-size", Number(recipe.BatchSize), "--epochs", Number(recipe.Epochs),
            "--weight-decay", Number(recipe.WeightDecay), "--label-smoothing", Number(recipe.LabelSmoothing),
        };
        if (recipe.Momentum is { } momentum) parts.AddRange(["--momentum", Number(momentum)]);
        if (spec.Dataset.Folder is { } folder)
            parts.AddRange(folder.TestPath is { } test ? ["--test-folder", Quoted(test)] : ["--test-fraction", Number(folder.TestFraction)]);
        if (spec.FineTune is { } fineTune)
        {
            parts.AddRange(["--init-from", Quoted(fineTune.From)]);
            if (fineTune.Frozen.Count > 0) parts.AddRange(["--freeze", string.Join(',', fineTune.Frozen)]);
        }
        parts.AddRange(["--seed", Number(spec.Seed)]);
        if (spec.ValidationSize > 0) parts.AddRange(["--validation", Number(spec.ValidationSize)]);
        if (spec.TrainItems is { } trainItems) parts.AddRange(["--train-items", Number(trainItems)]);
        if (spec.TestItems is { } testItems) parts.AddRange(["--test-items", Number(testItems)]);
        if (spec.Quick) parts.Add("--quick");
        if (spec.EarlyStoppingPatience is { } patience) parts.AddRange(["--early-stopping", Number(patience)]);
        if (spec.TimeBudgetSeconds is { } budget) parts.AddRange(["--time-budget", Number(budget)]);
        if (spec.Threads is { } threads) parts.AddRange(["--threads", Number(threads)]);
        return string.Join(' ', parts);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Require(bool condition, string option, string problem)
    {
        if (!condition)
            throw new ArgumentException($"{option}: {problem}.");
    }
}
