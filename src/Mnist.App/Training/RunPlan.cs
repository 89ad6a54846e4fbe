using System.Globalization;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Runs;

namespace Mnist.App.Training;

/// <summary>Turns a <see cref="TrainRequest"/> into the run's specification, once: the zoo recipe with the user's overrides, or the resumed run's own specification.</summary>
public static class RunPlan
{
    /// <summary>The most epochs a run may ask for (about a week of the largest model on a laptop).</summary>
    public const int MaxEpochs = 10_000;

    /// <summary>The largest batch: 4,096 MNIST images already take gigabytes of activations in the larger models.</summary>
    public const int MaxBatchSize = 4096;

    /// <summary>The specification of a new run (its folder is set by the caller).</summary>
    /// <exception cref="ArgumentException">A name or number is not valid; the message names the option.</exception>
    public static RunSpec ForNewRun(TrainRequest request)
    {
        var model = Zoo.Find(request.Model ?? Zoo.Default.Name);
        var dataset = DatasetCatalog.Find(request.Dataset ?? DatasetCatalog.Mnist.Id);
        var recipe = model.Recipe;
        if (request.Optimizer is { } optimizer)
        {
            var kind = ByName.Optimizer(optimizer);
            recipe = recipe with { Optimizer = kind, LearningRate = kind.DefaultLearningRate(), WeightDecay = 0, Momentum = null };
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
        var trainCount = dataset.File(SplitKind.Train, IdxKind.Images).Count;
        Require(validation < trainCount, "--validation",
            $"{dataset.Title}'s training split holds {trainCount:N0} samples, so at most {trainCount - 1:N0} can be held out (and the rest trained on); {validation:N0} is too many");
        Require(request.TimeBudget is null or > 0, "--time-budget", "the budget must be a positive number of seconds");
        return new RunSpec(model, dataset, recipe, request.Seed ?? RunSpec.DefaultSeed)
        {
            ValidationSize = validation,
            EarlyStoppingPatience = request.EarlyStopping,
            TimeBudgetSeconds = request.TimeBudget,
            Threads = request.Threads,
        }.Checked();
    }

    /// <summary>
    /// The specification of the run being resumed, with a new total of epochs if <c>--epochs</c> is given.
    /// Options that would change the run itself are refused: a resumed run continues the same run.
    /// </summary>
    /// <exception cref="ArgumentException">An option that cannot change on resume was given.</exception>
    public static RunSpec ForResume(TrainRequest request, string checkpoint)
    {
        var saved = Run.SpecOf(checkpoint);
        var changed = new (string Option, bool Given)[]
        {
            ("--model", request.Model is not null && !request.Model.Equals(saved.Model.Name, StringComparison.OrdinalIgnoreCase)),
            ("--dataset", request.Dataset is not null && request.Dataset != saved.Dataset.Id),
            ("--batch-size", request.BatchSize is not null && request.BatchSize != saved.Recipe.BatchSize),
            ("--optimizer", request.Optimizer is not null), ("--lr", request.LearningRate is not null), ("--schedule", request.Schedule is not null),
            ("--weight-decay", request.WeightDecay is not null), ("--label-smoothing", request.LabelSmoothing is not null), ("--momentum", request.Momentum is not null),
            ("--seed", request.Seed is not null && request.Seed != saved.Seed),
            ("--validation", request.ValidationSize is not null && request.ValidationSize != saved.ValidationSize),
            ("--early-stopping", request.EarlyStopping is not null && request.EarlyStopping != saved.EarlyStoppingPatience),
            ("--replace", request.Replace),
        }.Where(option => option.Given).Select(option => option.Option).ToArray();
        if (changed.Length > 0)
            throw new ArgumentException($"{string.Join(", ", changed)} cannot change when resuming {checkpoint}: a resumed run continues the same run. Only --epochs (to train longer), --time-budget, --threads, --data-dir and --out may be given.");
        var spec = saved with { Threads = request.Threads ?? saved.Threads, TimeBudgetSeconds = request.TimeBudget ?? saved.TimeBudgetSeconds };
        if (request.Epochs is { } epochs)
        {
            Require(epochs >= 1, "--epochs", "train at least 1 epoch");
            spec = spec with { Recipe = spec.Recipe with { Epochs = epochs } };
        }
        return spec;
    }

    /// <summary>The <c>mnist train</c> command line that runs <paramref name="spec"/> again, every setting spelled out so that changed defaults do not change it.</summary>
    public static string CommandFor(RunSpec spec)
    {
        var recipe = spec.Recipe;
        var parts = new List<string>
        {
            "mnist", "train", "--model", spec.Model.Name, "--dataset", spec.Dataset.Id,
            "--optimizer", ByName.Name(recipe.Optimizer), "--lr", Number(recipe.LearningRate), "--schedule", ByName.Name(recipe.Schedule),
            "--batch-size", Number(recipe.BatchSize), "--epochs", Number(recipe.Epochs),
            "--weight-decay", Number(recipe.WeightDecay), "--label-smoothing", Number(recipe.LabelSmoothing),
        };
        if (recipe.Momentum is { } momentum) parts.AddRange(["--momentum", Number(momentum)]);
        parts.AddRange(["--seed", Number(spec.Seed)]);
        if (spec.ValidationSize > 0) parts.AddRange(["--validation", Number(spec.ValidationSize)]);
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
