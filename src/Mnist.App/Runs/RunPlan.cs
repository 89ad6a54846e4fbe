using Mnist.Functional.Data;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Persistence;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;

namespace Mnist.App.Runs;

/// <summary>Turns a <see cref="TrainRequest"/> into the run configuration: the zoo recipe with the user's overrides, or the resumed run's own configuration.</summary>
public static class RunPlan
{
    /// <summary>The default seed when none is given.</summary>
    public const long DefaultSeed = 1;

    /// <summary>The configuration for a new run, before the dataset's pixel statistics are known.</summary>
    /// <exception cref="ArgumentException">A name or number is not valid; the message names the option.</exception>
    public static RunConfig ForNewRun(TrainRequest request)
    {
        var model = Zoo.Find(request.Model ?? Zoo.Default.Name);
        var dataset = DatasetCatalog.Find(request.Dataset ?? DatasetCatalog.Mnist.Id);
        var recipe = model.Recipe;
        if (request.Optimizer is { } optimizer)
        {
            Require(ByName.Optimizers.Contains(optimizer.ToLowerInvariant()), "--optimizer", $"'{optimizer}' is not an optimizer; choose one of {string.Join(", ", ByName.Optimizers)}");
            recipe = recipe with { Optimizer = optimizer.ToLowerInvariant(), LearningRate = ByName.DefaultLearningRate(optimizer), WeightDecay = 0 };
        }
        if (request.Schedule is { } schedule)
        {
            Require(ByName.Schedules.Contains(schedule.ToLowerInvariant()), "--schedule", $"'{schedule}' is not a schedule; choose one of {string.Join(", ", ByName.Schedules)}");
            recipe = recipe with { Schedule = schedule.ToLowerInvariant() };
        }
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
        var validation = request.ValidationSize ?? 0;
        Require(validation >= 0, "--validation", "the validation size cannot be negative");
        return new RunConfig(model.Name, dataset.Id, recipe, request.Seed ?? DefaultSeed, PixelMean: double.NaN, PixelStd: double.NaN, validation);
    }

    /// <summary>
    /// The configuration of the run being resumed, with a new total of epochs if <c>--epochs</c> is given.
    /// Options that would change the run itself are refused: a resumed run continues the same run.
    /// </summary>
    /// <exception cref="ArgumentException">An option that cannot change on resume was given.</exception>
    public static RunConfig ForResume(TrainRequest request, string checkpoint)
    {
        var saved = RunConfig.FromJson(TrainingCheckpoint.ReadConfig(checkpoint), Path.Combine(checkpoint, "checkpoint.json"));
        var changed = new (string Option, bool Given)[]
        {
            ("--model", request.Model is not null && !request.Model.Equals(saved.Model, StringComparison.OrdinalIgnoreCase)),
            ("--dataset", request.Dataset is not null && request.Dataset != saved.Dataset),
            ("--batch-size", request.BatchSize is not null && request.BatchSize != saved.Recipe.BatchSize),
            ("--optimizer", request.Optimizer is not null), ("--lr", request.LearningRate is not null), ("--schedule", request.Schedule is not null),
            ("--seed", request.Seed is not null && request.Seed != saved.Seed),
            ("--validation", request.ValidationSize is not null && request.ValidationSize != saved.ValidationSize),
        }.Where(option => option.Given).Select(option => option.Option).ToArray();
        if (changed.Length > 0)
            throw new ArgumentException($"{string.Join(", ", changed)} cannot change when resuming {checkpoint}: a resumed run continues the same run. Only --epochs (to train longer), --threads, --data-dir and --out may be given.");
        if (request.Epochs is { } epochs)
        {
            Require(epochs >= 1, "--epochs", "train at least 1 epoch");
            return saved with { Recipe = saved.Recipe with { Epochs = epochs } };
        }
        return saved;
    }

    private static void Require(bool condition, string option, string problem)
    {
        if (!condition)
            throw new ArgumentException($"{option}: {problem}.");
    }
}
