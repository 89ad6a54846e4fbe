using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;

namespace Mnist.Functional.Runs;

/// <summary>
/// One training run, fully specified and typed: the model, the dataset, the recipe, the seed and every setting
/// that changes what the run computes. Built once (from the command line, a script's constants or the notebook),
/// it holds values, not names; names appear only in its JSON form (<see cref="RunSpecJson"/>), which is
/// what a checkpoint saves, so that evaluation, prediction and a resume rebuild exactly the same run.
/// </summary>
/// <param name="Model">The zoo model: its architecture, built for the dataset (<see cref="Network"/>).</param>
/// <param name="Dataset">The dataset: the catalogue's, an added one, or a folder of labelled images.</param>
/// <param name="Recipe">Optimizer, schedule, learning rate, batch size, epochs, weight decay, label smoothing, momentum.</param>
/// <param name="Seed">Seeds initialisation, dropout and shuffling; the validation split is carved with <c>Seed + 1</c>.</param>
public sealed record RunSpec(ZooModel Model, DatasetInfo Dataset, Recipe Recipe, long Seed = RunSpec.DefaultSeed)
{
    /// <summary>The seed when none is given.</summary>
    public const long DefaultSeed = 1;

    /// <summary>Training items held out as a validation split, evaluated after each epoch; 0 for none.</summary>
    public int ValidationSize { get; init; }

    /// <summary>Train on the first this many training items only; <see langword="null"/> for all of them.</summary>
    public long? TrainItems { get; init; }

    /// <summary>Evaluate the first this many test items only; <see langword="null"/> for all of them.</summary>
    public long? TestItems { get; init; }

    /// <summary>
    /// A quick run: it checks that a recipe runs end to end (typically one epoch on a few thousand items), and its
    /// figures measure nothing. Reports, listings and <c>run.json</c> say so.
    /// </summary>
    public bool Quick { get; init; }

    /// <summary>Evaluate the test split after every epoch (for the curves), not only at the end. The model is never chosen by it.</summary>
    public bool TestEachEpoch { get; init; } = true;

    /// <summary>Stop when the validation loss has not improved for this many epochs; <see langword="null"/> to train every epoch. Needs <see cref="ValidationSize"/> &gt; 0.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Stop before another epoch would take the training time past this many seconds; <see langword="null"/> for no budget.</summary>
    public double? TimeBudgetSeconds { get; init; }

    /// <summary>The pixel statistics inputs are normalised with; <see langword="null"/> for the training split's own, measured when the run starts.</summary>
    public PixelStats? Normalisation { get; init; }

    /// <summary>
    /// Intra-op threads for libtorch, set on the thread that fits for the run's length and put back after (see
    /// <see cref="Native.IntraOpThreads"/>); <see langword="null"/> for the engine's count: one per core, unless the host started
    /// the engine with another (<see cref="Native.Engine.Start(Native.EngineOptions)"/>).
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>The run's folder (report, metrics, history, checkpoint, <c>run.json</c>); <see langword="null"/> for a run that writes no files.</summary>
    public string? Folder { get; init; }

    /// <summary>Start from a trained model's weights instead of fresh ones; <see langword="null"/> to start fresh.</summary>
    public FineTuning? FineTune { get; init; }

    /// <summary>What the network must fit: the dataset's image size and number of classes.</summary>
    public ModelShape Shape => new(Dataset.Image.Height, Dataset.Image.Width, Dataset.Classes);

    /// <summary>The model's architecture built for the dataset (<see cref="ZooModel.For"/>): <c>[B, 1, H, W] -> [B, classes]</c>.</summary>
    /// <exception cref="ModelDoesNotFitException">The architecture cannot take the dataset's images; the message names the layer and the shapes.</exception>
    public Layer Network => Model.For(Shape);

    /// <summary><paramref name="model"/> trained with its own recipe on <paramref name="dataset"/> (MNIST when <see langword="null"/>).</summary>
    public static RunSpec Of(ZooModel model, DatasetInfo? dataset = null, long seed = DefaultSeed) =>
        new(model, dataset ?? DatasetCatalog.Mnist, model.Recipe, seed);

    /// <summary>
    /// Checks that the settings make a run: the recipe's numbers, sizes that are not negative and fit the dataset's splits,
    /// early stopping with a validation split to watch. Every rule about a run's settings is here or in
    /// <see cref="Recipe.Checked"/>, once.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A setting is out of range or missing what it needs; the message says why, and <see cref="ArgumentException.ParamName"/>
    /// is the setting's key as <see cref="RunSpecJson.Settings"/> names it (<c>validation_size</c>, <c>recipe.momentum</c>), which a
    /// host maps to its own words (a command-line flag).
    /// </exception>
    public RunSpec Checked()
    {
        Recipe.Checked();
        // A folder's images are counted when it is read, so its splits are checked there.
        var trainCount = Dataset.Count(SplitKind.Train) ?? long.MaxValue;
        var testCount = Dataset.Count(SplitKind.Test) ?? long.MaxValue;
        Require(ValidationSize >= 0, "validation_size", $"The validation size cannot be negative ({ValidationSize}).");
        Require(TrainItems is null or > 0, "train_items", $"Train on at least 1 item, not {TrainItems}.");
        Require(TrainItems is null || TrainItems <= trainCount, "train_items", $"{Dataset.Title}'s training split holds {trainCount:N0} items; {TrainItems:N0} is more.");
        Require(TestItems is null or > 0, "test_items", $"Evaluate at least 1 item, not {TestItems}.");
        Require(TestItems is null || TestItems <= testCount, "test_items", $"{Dataset.Title}'s test split holds {testCount:N0} items; {TestItems:N0} is more.");
        var trainable = TrainItems ?? trainCount;
        Require(ValidationSize < trainable, "validation_size",
            $"{(TrainItems is null ? $"{Dataset.Title}'s training split holds" : "The training items taken hold")} {trainable:N0} samples, so at most {trainable - 1:N0} can be held out (and the rest trained on); {ValidationSize:N0} is too many.");
        Require(EarlyStoppingPatience is null or >= 1, "early_stopping_patience", $"Early stopping needs a patience of at least 1 epoch ({EarlyStoppingPatience}).");
        Require(EarlyStoppingPatience is null || ValidationSize > 0, "early_stopping_patience", "Early stopping watches the validation loss, so the run needs a validation split: hold out some training items.");
        Require(TimeBudgetSeconds is null or > 0 && (TimeBudgetSeconds is null || double.IsFinite(TimeBudgetSeconds.Value)), "time_budget_seconds", $"The time budget must be a positive number of seconds ({TimeBudgetSeconds?.ToString(CultureInfo.InvariantCulture)}).");
        Require(Threads is null or >= 1, "threads", $"The thread count must be at least 1 ({Threads}).");
        Require(Normalisation is not { } stats || (stats.Std > 0 && double.IsFinite(stats.Mean) && double.IsFinite(stats.Std)), "pixel_std", "The normalisation needs a finite mean and a positive standard deviation.");
        Require(Dataset.Folder is not { TestOnly: true }, "dataset", $"{Dataset.Title} holds images for testing only, with none to train on: hold out a share of each class for testing instead.");
        _ = Network;
        return this;
    }

    /// <summary>
    /// The settings a resumed run may change: how long it trains (<c>recipe.epochs</c>), its time budget and its threads.
    /// Any other would make it another run.
    /// </summary>
    public static IReadOnlySet<string> ResumableSettings { get; } = new HashSet<string>(StringComparer.Ordinal) { Recipe.Key("epochs"), "time_budget_seconds", "threads" };

    /// <summary>
    /// Whether going on with <paramref name="resumed"/> from a checkpoint of <paramref name="saved"/> refits the learning-rate
    /// schedule: another total of epochs for a schedule fitted to the run's length (<see cref="Recipe.FittedToLength"/>).
    /// </summary>
    public static bool Refits(RunSpec saved, RunSpec resumed) => resumed.Recipe.Epochs != saved.Recipe.Epochs && saved.Recipe.FittedToLength;

    /// <summary>The run in words: <c>fast on MNIST: sgd lr 0.2, onecycle schedule, …; seed 1</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Model.Name} on {Dataset.Title}: {Recipe.Describe()}; seed {Seed}{(ValidationSize > 0 ? $"; {ValidationSize:N0} validation items" : "")}{(Quick ? "; quick run" : "")}{(FineTune is { } fineTune ? $"; fine-tuned from {fineTune.From}{(fineTune.Frozen.Count > 0 ? $", layers {string.Join(", ", fineTune.Frozen)} frozen" : "")}" : "")}");

    private static void Require(bool condition, string key, string problem)
    {
        if (!condition) throw new ArgumentException(problem, key);
    }
}
