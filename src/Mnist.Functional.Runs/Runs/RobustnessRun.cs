using System.Diagnostics;
using Mnist.Functional.Data;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Datasets;
using Mnist.Functional.Native;
using Mnist.Functional.Robustness;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs;

/// <summary>
/// Measures how a trained model holds up on the test split of its dataset: clean (by the run pipeline's own final
/// evaluation, so the figure is <c>mnist evaluate</c>'s), under each corruption, and under FGSM and PGD at each radius,
/// always with the model in evaluation mode on raw pixels standardised as in training.
/// </summary>
public static class RobustnessRun
{
    /// <summary>Runs every measurement of <paramref name="settings"/>; <paramref name="progress"/> hears the name of each before it starts.</summary>
    /// <exception cref="ArgumentException">
    /// The settings are out of range; they ask for corruptions on images other than 28 × 28 (fit them with
    /// <see cref="RobustnessSettings.FittedTo"/>); or they ask for attacks on a model that ends in a softmax. All before any work.
    /// </exception>
    /// <exception cref="InvalidDataException">The model's outputs were not finite for some digit.</exception>
    /// <exception cref="InvalidOperationException">An attack left its ε-ball or [0, 1] (a fault in the attack).</exception>
    public static RobustnessReport Measure(TrainedModel trained, Dataset dataset, RobustnessSettings settings, Action<string>? progress = null)
    {
        settings.Checked();
        var image = trained.Dataset.Image;
        var unfit = RobustnessSettings.CorruptionsUnfitFor(image);
        if (unfit is not null && settings.Corruptions.Count > 0)
            throw new ArgumentException($"{unfit}: measure it without them (RobustnessSettings.FittedTo leaves them out and keeps the attacks).", nameof(settings));
        using var threads = IntraOpThreads.Use(null);
        var clock = Stopwatch.StartNew();
        var items = Math.Min(Math.Min(settings.TestItems ?? long.MaxValue, trained.Spec.TestItems ?? long.MaxValue), dataset.Test.Count);
        var limited = trained with { Spec = trained.Spec with { TestItems = items } };   // shares the variables; the caller frees them
        using var head = items < dataset.Test.Count ? Take(dataset.Test, items) : null;
        var split = head ?? dataset.Test;
        var classNames = dataset.Info.ClassNames;
        var model = PixelModels.InEvaluation(trained.Network, trained.Variables, trained.Spec.Normalisation!.Value);

        if (settings.Epsilons.Count > 0 && split.Count > 0)
        {
            using var probeScope = NewDisposeScope();
            Attack.RequireAttackable(model, Preprocess.ToUnitRange(split.Images.narrow(0, 0, Math.Min(split.Count, 8))).unsqueeze(1));
        }

        progress?.Invoke("clean");
        var (clean, cleanSeconds) = Run.EvaluateTest(limited, dataset);
        clean.RequireFinite(i => $"test digit {i}");
        float[][] cleanPixels;
        using (NewDisposeScope())
            cleanPixels = [.. Enumerable.Range(0, (int)Math.Min(RobustnessSettings.ExamplesShown, split.Count))
                .Select(i => Preprocess.ToUnitRange(split.Images[i]).data<float>().ToArray())];
        var cleanScore = new RobustnessScore("clean", "clean", null, clean.Accuracy, cleanSeconds,
            [.. cleanPixels.Select((pixels, i) => Example(pixels, clean, i))]);

        RobustnessScore Score(string kind, string name, double? epsilon, Func<PerturbedPredictions> measure)
        {
            progress?.Invoke(name);
            var partClock = Stopwatch.StartNew();
            var result = measure();
            var predictions = result.Predictions.RequireFinite(i => $"{name}, test digit {i}");
            return new RobustnessScore(kind, name, epsilon, predictions.Accuracy, partClock.Elapsed.TotalSeconds,
                [.. result.Examples.Select((pixels, i) => Example(pixels, predictions, i))]);
        }

        var corruptions = settings.Corruptions.Select(corruption => Score("corruption", corruption.Name, null,
            () => Perturbed.UnderCorruption(model, split, classNames, corruption, settings.Seed, examples: RobustnessSettings.ExamplesShown))).ToList();
        var attacks = settings.Epsilons.Select(epsilon => (Attack)new Fgsm(epsilon))
            .Concat(settings.Epsilons.Select(epsilon => (Attack)settings.Pgd(epsilon)))
            .Select(attack => Score(attack is Fgsm ? "fgsm" : "pgd", attack.Describe(), attack.Epsilon,
                () => Perturbed.UnderAttack(model, split, classNames, attack, settings.Seed, examples: RobustnessSettings.ExamplesShown)))
            .ToList();
        return new RobustnessReport(trained.Model.Name, trained.Spec.Describe(), dataset.Info.Title, split.Count, settings,
            cleanScore, corruptions, attacks, clock.Elapsed.TotalSeconds)
        {
            Image = image,
            ClassNames = classNames,
            CorruptionsLeftOut = settings.Corruptions.Count == 0 ? unfit : null,
        };
    }

    private static RobustnessExample Example(float[] pixels, Predictions predictions, int index)
    {
        var predicted = predictions.Predicted[index];
        return new RobustnessExample(pixels, predictions.Labels[index], predicted, predictions.Probability(index, predicted));
    }

    private static Split Take(Split split, long count)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        return split.Take(arange(scalars.Of(count), dtype: ScalarType.Int64));
    }
}
