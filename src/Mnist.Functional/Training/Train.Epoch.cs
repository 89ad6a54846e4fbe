using System.Diagnostics;
using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using static TorchSharp.torch;

namespace Mnist.Functional.Training;

public static partial class Train
{
    /// <summary>
    /// The pipeline as training <paramref name="model"/> reads it: without a last batch smaller than
    /// <see cref="Layer.MinimumTrainingBatch"/> (a model with batch norm cannot learn from one sample).
    /// Its <see cref="BatchPipeline.LeftOutPerEpoch"/> says how many samples that leaves out.
    /// </summary>
    public static BatchPipeline BatchesFor(Layer model, BatchPipeline pipeline) =>
        model.MinimumTrainingBatch > pipeline.MinimumLastBatch ? pipeline.WithMinimumLastBatch(model.MinimumTrainingBatch) : pipeline;

    // The fold of one epoch, behind Fit. Besides the current state it keeps the one before it (whose loss at its
    // batch was finite, or it would not have been updated), because when the current state's own loss is not
    // finite that earlier state is the last good one. Returns the previous state still held, which the caller frees.
    private static (TrainState State, TrainState? Previous, FitStop? Stop) EpochFrom(
        TrainingSetup setup, BatchPipeline pipeline, TrainState state, TrainState? previous, int epoch, Generator generator,
        IReadOnlyList<ITrainingObserver> observers, CancellationToken cancellation)
    {
        pipeline = BatchesFor(setup.Model, pipeline);
        var batchesPerEpoch = pipeline.BatchesPerEpoch;
        foreach (var batch in pipeline.Epoch(epoch - 1).Skip((int)state.Progress.Batches))
        {
            var learningRate = LearningRateAt(setup, state);
            var clock = Stopwatch.StartNew();
            var outcome = Step(setup, state, batch, generator);
            if (!outcome.IsFinite)
            {
                var at = $"step {state.Step + 1} (epoch {epoch}, batch {state.Progress.Batches + 1} of {batchesPerEpoch})";
                var (good, stop) = Refused(state, previous, outcome, at);
                return (good, null, stop);
            }

            var next = outcome.State with
            {
                History = state.History.WithStep(outcome.Loss, (float)outcome.Correct / outcome.Samples, learningRate),
                Progress = state.Progress.After(outcome.Loss, outcome.Correct, outcome.Samples, clock.Elapsed.TotalSeconds),
            };
            previous?.DisposeUnlessHeldBy(state, next);
            (previous, state) = (state, next);
            setup.Housekeeping.AfterStep(state.Step);

            var report = new StepReport(epoch, state.Step, state.Progress.Batches, batchesPerEpoch, outcome.Loss, learningRate, state.Progress);
            if (FirstStop(observers, static (observer, step) => observer.OnStep(step), report) is { } asked)
                return (state, previous, asked);
            if (cancellation.IsCancellationRequested)
                return (state, previous, new FitStop(StopReason.Cancelled, $"Cancelled after step {state.Step} (epoch {epoch}, batch {state.Progress.Batches} of {batchesPerEpoch})."));
        }
        return (state, previous, null);
    }

    // Which state a refused step leaves as the last good one, freeing the other: the state before the step when only
    // the update was not finite; the state before that one when the loss at the current state was not finite already.
    private static (TrainState Good, FitStop Stop) Refused(TrainState state, TrainState? previous, StepOutcome outcome, string at)
    {
        const string Advice = "Lower the learning rate, clip the gradients, or check the inputs.";
        if (outcome.NonFiniteAfterUpdate is { } tensor)
        {
            previous?.DisposeUnlessHeldBy(state);
            return (state, new FitStop(StopReason.NonFiniteLoss,
                $"The update at {at} would have made {tensor} NaN or infinite; training stopped and kept the state from before that step, " +
                $"the last whose parameters, layer state and loss were all finite. {Advice}"));
        }
        if (previous is null)
            return (state, new FitStop(StopReason.NonFiniteLoss,
                $"The loss became {outcome.Loss} at {at}; training stopped and kept the state from before that step (no earlier state of this run is held). {Advice}"));
        state.DisposeUnlessHeldBy(previous);
        return (previous, new FitStop(StopReason.NonFiniteLoss,
            $"The loss became {outcome.Loss} at {at}; training stopped and kept the state from before step {previous.Step + 1}, " +
            $"the last whose parameters, layer state and loss were all finite. {Advice}"));
    }
}
