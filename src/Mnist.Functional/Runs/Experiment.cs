using System.Diagnostics;
using Mnist.Functional.Data;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Persistence;
using Mnist.Functional.Reports;
using Mnist.Functional.Training;
using Mnist.Functional.Training.Observers;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs;

/// <summary>
/// The step every experiment script repeats: train a zoo model with a recipe and a seed on a dataset, the same way
/// <c>mnist train</c> does, then evaluate it on the test split and measure the time.
/// </summary>
public static class Experiment
{
    /// <summary>
    /// Runs <paramref name="plan"/> on <paramref name="dataset"/> at <paramref name="scale"/>, writing one line per epoch to
    /// <paramref name="log"/>. The trained tensors are freed before it returns; pass a <see cref="PeriodicCheckpoint"/>
    /// among <paramref name="observers"/> to keep them on disk.
    /// </summary>
    /// <exception cref="ArgumentException">The recipe names an unknown optimizer or schedule.</exception>
    public static ExperimentRun Run(ExperimentPlan plan, Dataset dataset, ExperimentScale scale, TextWriter log, IReadOnlyList<ITrainingObserver>? observers = null)
    {
        var clock = Stopwatch.StartNew();
        var scaled = plan with { Recipe = scale.Apply(plan.Recipe) };
        using var trainHead = Head(dataset.Train, scale.TrainItems);
        using var testHead = Head(dataset.Test, scale.TestItems);
        var (train, test) = (trainHead ?? dataset.Train, testHead ?? dataset.Test);
        var (fitOn, validation) = scaled.ValidationSize > 0 ? train.CarveValidation(scaled.ValidationSize, scaled.Seed + 1) : (train, null);
        using var ownedFitOn = validation is null ? null : fitOn;
        using var ownedValidation = validation;

        var recipe = scaled.Recipe;
        var pipeline = Train.BatchesFor(scaled.Model.Network, fitOn.Shuffle(scaled.Seed).Batch(recipe.BatchSize).Select(dataset.Preprocessing));
        var setup = recipe.SetupFor(scaled.Model.Network, pipeline.BatchesPerEpoch, scaled.Seed);
        var data = new TrainingData(pipeline, dataset.Preprocessing, dataset.Info.ClassNames, validation, scaled.TestEachEpoch ? test : null);
        var result = Train.Fit(setup, data, [new EpochLog(log, scaled.Model.Name), .. observers ?? []]);
        using var final = result.State;

        var evaluation = Stopwatch.StartNew();
        var predictions = Evaluator.Predict(scaled.Model.Network, final.Variables, test.Images, test.Labels, dataset.Info.ClassNames, data.EvaluationBatchSize, dataset.Preprocessing);
        var timings = new RunTimings(final.History.TrainingSeconds, evaluation.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds);
        return new ExperimentRun(scaled, dataset.Info.Title, Summary.Of(scaled.Model.Network, 1, 1, 28, 28), final.History, predictions, timings, (result.Reason, result.Message));
    }

    /// <summary>The first <paramref name="count"/> items of <paramref name="split"/> as a new split; <see langword="null"/> when that is all of it, which is then used as it is.</summary>
    private static Split? Head(Split split, long? count)
    {
        if (count is not { } items || items >= split.Count)
            return null;
        using var scope = NewDisposeScope();
        return split.Take(arange(items, dtype: ScalarType.Int64));
    }
}
