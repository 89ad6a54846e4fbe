using Mnist.Functional.Evaluation;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>
/// The deletion metric (Petsiuk, Das and Saenko 2018, "RISE"; Samek et al. 2017): input elements are removed (set to a
/// fill value) in the order a map ranks them, most important first, and the score is followed as they go. A map that
/// finds what the model uses makes the score fall fast: a small area under the curve. Compare with a random order.
/// </summary>
public static class DeletionCurve
{
    /// <summary>
    /// The mean score over N inputs after removing the fraction <c>k / steps</c> of each input's elements, for
    /// <c>k = 0 … steps</c>, taken in descending order of <paramref name="maps"/> (ties in index order):
    /// <c>[steps + 1]</c>, starting from the mean score of the untouched inputs.
    /// </summary>
    /// <param name="score">What is followed; usually the target's probability (<see cref="ScoreKind.Probability"/>).</param>
    /// <param name="inputs">The inputs, <c>[N, ...]</c>, floating point.</param>
    /// <param name="targets">Their classes, <c>[N]</c>.</param>
    /// <param name="maps">A map per input, the inputs' shape: the order of removal. Random values give a random order.</param>
    /// <param name="steps">How many fractions after 0, 1 to 1,000 (20: every 5%).</param>
    /// <param name="fill">The value a removed element takes, in the inputs' units (0: black pixels).</param>
    /// <param name="batchSize">Inputs per forward pass.</param>
    /// <exception cref="ArgumentException">The maps do not match the inputs.</exception>
    public static double[] Measure(ClassScore score, Tensor inputs, Tensor targets, Tensor maps, int steps = 20, double fill = 0, int batchSize = Evaluator.DefaultBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!maps.shape.SequenceEqual(inputs.shape))
            throw new ArgumentException($"The maps have shape {Shapes.Format(maps.shape)} but the inputs {Shapes.Format(inputs.shape)}; give one map per input.", nameof(maps));
        var count = inputs.shape[0];
        var sums = new double[steps + 1];
        using var noGradient = no_grad();
        for (long start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            using var scalars = new ScalarScope();
            var length = Math.Min(batchSize, count - start);
            var x = inputs.narrow(0, start, length).to(float32).flatten(1);
            var t = targets.narrow(0, start, length);
            var order = maps.narrow(0, start, length).flatten(1).to(float32).sort(dim: 1, descending: true, stable: true).Indices;
            var rank = order.argsort(dim: 1);
            var elements = x.shape[1];
            var filled = full_like(x, scalars.Of(fill));
            for (var k = 0; k <= steps; k++)
            {
                var removed = rank.lt(scalars.Of((long)Math.Round((double)k * elements / steps)));
                var deleted = where(removed, filled, x).view(inputs.narrow(0, start, length).shape);
                sums[k] += score.Of(deleted, t).to(float64).sum().item<double>();
            }
            FinalizerLeftovers.Collect();
        }
        return [.. sums.Select(sum => count == 0 ? 0 : sum / count)];
    }

    /// <summary>The area under a curve sampled at evenly spaced fractions of [0, 1], by the trapezoid rule: the mean score over the deletion.</summary>
    /// <exception cref="ArgumentException">Fewer than two points.</exception>
    public static double Area(IReadOnlyList<double> curve)
    {
        if (curve.Count < 2)
            throw new ArgumentException("An area needs at least two points.", nameof(curve));
        var inner = curve.Skip(1).Take(curve.Count - 2).Sum();
        return (inner + (curve[0] + curve[^1]) / 2) / (curve.Count - 1);
    }
}
