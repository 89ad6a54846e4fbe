using System.Diagnostics;
using Mnist.Functional.Data;
using static TorchSharp.torch;

namespace Mnist.Functional.Training;

public static partial class Train
{
    /// <summary>
    /// One epoch as a fold of <see cref="Step"/> over the batches of <paramref name="pipeline"/>:
    /// <c>state -> state'</c> after every batch of epoch number <paramref name="epoch"/> (from 1).
    /// </summary>
    /// <remarks>
    /// A state stopped mid-epoch (its <see cref="TrainState.Progress"/> counts the batches done) resumes
    /// at the next batch of the same shuffled order. The fold owns the states it threads: it frees each
    /// tensor as soon as a step has replaced it, and takes ownership of <paramref name="state"/>. It stops
    /// early, returning the last good state, when a loss is not finite, an observer asks, or
    /// <paramref name="cancellation"/> is triggered (checked after each step).
    /// </remarks>
    /// <returns>The state after the epoch's last step (its progress still counting the epoch), and why it stopped early, if it did.</returns>
    public static (TrainState State, FitStop? Stop) Epoch(
        TrainingSetup setup, BatchPipeline pipeline, TrainState state, int epoch, Generator generator,
        IReadOnlyList<ITrainingObserver> observers, CancellationToken cancellation = default)
    {
        var batchesPerEpoch = pipeline.BatchesPerEpoch;
        foreach (var batch in pipeline.Epoch(epoch - 1).Skip((int)state.Progress.Batches))
        {
            var learningRate = setup.Optimizer.LearningRateAt(state.Step);
            var clock = Stopwatch.StartNew();
            var outcome = Step(setup, state, batch, generator);
            if (!outcome.IsFinite)
            {
                var at = $"step {state.Step + 1} (epoch {epoch}, batch {state.Progress.Batches + 1} of {batchesPerEpoch})";
                return (state, new FitStop(StopReason.NonFiniteLoss,
                    $"The loss became {outcome.Loss} at {at}; training stopped and kept the parameters from before that step. " +
                    "Lower the learning rate, clip the gradients, or check the inputs."));
            }

            var next = outcome.State with
            {
                History = state.History.WithStep(outcome.Loss, (float)outcome.Correct / outcome.Samples, learningRate),
                Progress = state.Progress.After(outcome.Loss, outcome.Correct, outcome.Samples, clock.Elapsed.TotalSeconds),
            };
            state.DisposeReplacedBy(next);
            state = next;

            var report = new StepReport(epoch, state.Step, state.Progress.Batches, batchesPerEpoch, outcome.Loss, learningRate, state.Progress);
            if (observers.Select(observer => observer.OnStep(report)).FirstOrDefault(verdict => verdict.ShouldStop) is { Stopping: { } asked })
                return (state, asked);
            if (cancellation.IsCancellationRequested)
                return (state, new FitStop(StopReason.Cancelled, $"Cancelled after step {state.Step} (epoch {epoch}, batch {state.Progress.Batches} of {batchesPerEpoch})."));
        }
        return (state, null);
    }
}
