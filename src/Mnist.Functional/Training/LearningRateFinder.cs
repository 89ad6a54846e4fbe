using Mnist.Functional.Data;
using static TorchSharp.torch;

namespace Mnist.Functional.Training;

/// <summary>
/// The learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural Networks", section 3.3; as
/// fastai's and PyTorch Lightning's <c>lr_find</c>): train from fresh weights for a few steps with a rate that rises
/// exponentially from low to high, record the loss at each rate, and stop once it diverges. The rate where the loss falls
/// fastest is a good one to train with (<see cref="LearningRateSweep.Suggested"/>).
/// </summary>
public static class LearningRateFinder
{
    /// <summary>
    /// Sweeps <paramref name="range"/> on <paramref name="setup"/>'s model: step <c>i</c> trains at
    /// <see cref="LearningRateRange.RateAt"/> (the optimizer's own rate at each step multiplied up or down to it, so its
    /// schedule plays no part), on the batches of <paramref name="batches"/> in order, epoch after epoch. The losses are
    /// smoothed as fastai does, <c>a ← β·a + (1 − β)·loss</c>, shown as <c>a / (1 − β^i)</c>; the sweep stops early when
    /// that passes <see cref="LearningRateRange.DivergeFactor"/> times its lowest, or a step is refused (the loss or an
    /// update not finite). Nothing is kept: the weights are freed before it returns.
    /// </summary>
    /// <param name="setup">The model, optimizer (any schedule: only its rate at step 0 is read), loss and seed.</param>
    /// <param name="batches">The training batches; at least one.</param>
    /// <param name="range">The rates and the stopping rule.</param>
    /// <param name="cancellation">Stops the sweep after the current step; what was swept so far is returned.</param>
    /// <exception cref="ArgumentException">The range is not valid (<see cref="LearningRateRange.Checked"/>), or the pipeline has no batch.</exception>
    /// <exception cref="InvalidOperationException">The optimizer scales by no learning rate.</exception>
    public static LearningRateSweep Sweep(TrainingSetup setup, BatchPipeline batches, LearningRateRange range, CancellationToken cancellation = default)
    {
        range.Checked();
        batches = Train.BatchesFor(setup.Model, batches);
        if (batches.BatchesPerEpoch == 0)
            throw new ArgumentException("The training split gives no batch to sweep on: use more training items or a smaller batch.", nameof(batches));
        var baseRate = setup.Optimizer.LearningRateAt(0);
        if (!double.IsFinite(baseRate) || baseRate <= 0)
            throw new InvalidOperationException("The optimizer scales by no learning rate, so there is no rate to sweep.");

        using var generator = new Generator((ulong)setup.Seed);
        var state = TrainState.Init(setup, generator);
        var points = new List<LearningRatePoint>(range.Steps);
        var (average, best) = (0.0, double.PositiveInfinity);
        try
        {
            foreach (var batch in Forever(batches).Take(range.Steps))
            {
                var index = points.Count;
                var rate = range.RateAt(index);
                var outcome = Train.ScaledStep(setup, state, batch, generator, rate / baseRate);
                if (!outcome.IsFinite)
                    return new LearningRateSweep(range, points, $"The loss or an update became NaN or infinite at step {index + 1} (rate {rate:G3}).", Diverged: true);
                if (!ReferenceEquals(outcome.State, state)) state.DisposeUnlessHeldBy(outcome.State);
                state = outcome.State;

                average = (range.Smoothing * average) + ((1 - range.Smoothing) * outcome.Loss);
                var smoothed = average / (1 - Math.Pow(range.Smoothing, index + 1));
                points.Add(new LearningRatePoint(index + 1, rate, outcome.Loss, smoothed));
                best = Math.Min(best, smoothed);
                if (smoothed > range.DivergeFactor * best)
                    return new LearningRateSweep(range, points, $"The smoothed loss passed {range.DivergeFactor:G3}× its lowest at step {index + 1} (rate {rate:G3}).", Diverged: true);
                if (cancellation.IsCancellationRequested)
                    return new LearningRateSweep(range, points, $"Cancelled after step {index + 1}.", Diverged: false);
            }
            return new LearningRateSweep(range, points, $"The planned {range.Steps} steps ran out, up to rate {range.End:G3}, before the loss diverged.", Diverged: false);
        }
        finally
        {
            state.Dispose();
        }
    }

    private static IEnumerable<Batch> Forever(BatchPipeline batches)
    {
        for (var epoch = 0; ; epoch++)
            foreach (var batch in batches.Epoch(epoch))
                yield return batch;
    }
}
