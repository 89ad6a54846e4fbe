using Mnist.Functional.Data;
using static TorchSharp.torch;

namespace Mnist.Functional.Training;

public static partial class Train
{
    /// <summary>
    /// Trains <paramref name="setup"/>'s model on the batches of <paramref name="train"/>: a fold over epochs, each an
    /// epoch (a fold of <see cref="Step"/> over its batches) followed by <paramref name="evaluate"/>, that builds the run's <see cref="History"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Everything random comes from <see cref="TrainingSetup.Seed"/> (initialisation and dropout) and the
    /// pipeline's shuffle seed, so on the CPU the same inputs give bit-identical results. To resume, pass the
    /// state and generator state of a checkpoint as <paramref name="resume"/>: the run continues exactly
    /// where that one stopped, up to <see cref="TrainingSetup.Epochs"/>.
    /// </para>
    /// <para>
    /// The fold evaluates nothing itself: what to measure after an epoch (validation, test) is the caller's
    /// <paramref name="evaluate"/>, whose scores go into the epoch's <see cref="EpochRecord"/>.
    /// </para>
    /// <para>
    /// The fold owns the tensors it threads and frees each as soon as it is replaced; the returned
    /// <see cref="FitResult.State"/> belongs to the caller. Observers see each step and epoch and may stop
    /// the run, but cannot change it; each is told the run's length first (<see cref="ITrainingObserver.OnStart"/>).
    /// </para>
    /// </remarks>
    /// <param name="setup">The model, optimizer, loss, epochs and seed.</param>
    /// <param name="train">The training batches: <c>split.Shuffle(seed).Batch(n).Select(preprocess)</c>.</param>
    /// <param name="evaluate">What to measure after each epoch; <see langword="null"/> for nothing.</param>
    /// <param name="observers">Progress, early stopping, checkpoints, …; may be empty.</param>
    /// <param name="resume">A state to continue from, with its generator state; the fold takes ownership of it.</param>
    /// <param name="cancellation">Stops the run at the end of the current step.</param>
    public static FitResult Fit(
        TrainingSetup setup, BatchPipeline train, EpochEvaluation? evaluate = null, IReadOnlyList<ITrainingObserver>? observers = null,
        (TrainState State, byte[] GeneratorState)? resume = null, CancellationToken cancellation = default)
    {
        observers ??= [];
        using var generator = new Generator((ulong)setup.Seed);
        var state = resume is { } start ? start.State : TrainState.Init(setup, generator);
        if (resume is { GeneratorState: { Length: > 0 } saved })
            Tensors.GeneratorState.Restore(generator, saved);

        FitResult Finish(TrainState final, FitStop stop)
        {
            var result = new FitResult(final, Tensors.GeneratorState.Capture(generator), stop);
            foreach (var observer in observers) observer.OnStop(result);
            return result;
        }

        // The state before the current one outlives epoch boundaries: if the first step of an epoch finds the loss
        // not finite, the last good state is the one before the previous epoch's last step.
        TrainState? previous = null;
        FitResult FinishHolding(TrainState final, FitStop stop)
        {
            previous?.DisposeUnlessHeldBy(final);
            return Finish(final, stop);
        }

        var starting = new FitStart(setup.Epochs, BatchesFor(setup.Model, train).BatchesPerEpoch, state.Step);
        foreach (var observer in observers) observer.OnStart(starting);
        for (var epoch = state.CompletedEpochs + 1; epoch <= setup.Epochs; epoch++)
        {
            (state, previous, var stop) = EpochFrom(setup, train, state, previous, epoch, generator, observers, cancellation);
            setup.Housekeeping.BetweenTrainingAndEvaluation?.Invoke();
            if (stop is not null)
                return FinishHolding(state, stop);

            var record = Record(setup, state, epoch, evaluate?.Invoke(state, epoch) ?? EpochScores.None);
            state = state with { History = state.History.WithEpoch(record), Progress = EpochProgress.None };
            var report = new EpochReport(record, state, Tensors.GeneratorState.Capture(generator), setup.Epochs);
            if (FirstStop(observers, static (observer, finished) => observer.OnEpoch(finished), report) is { } asked)
                return FinishHolding(state, asked);
            if (cancellation.IsCancellationRequested)
                return FinishHolding(state, new FitStop(StopReason.Cancelled, $"Cancelled after epoch {epoch}."));
        }
        return FinishHolding(state, FitStop.Completed(state.CompletedEpochs));
    }

    private static EpochRecord Record(TrainingSetup setup, TrainState state, int epoch, EpochScores scores)
    {
        var progress = state.Progress;
        return new EpochRecord(
            epoch,
            TrainLoss: progress.Batches == 0 ? double.NaN : progress.LossSum / progress.Batches,
            TrainAccuracy: progress.Samples == 0 ? double.NaN : (double)progress.Correct / progress.Samples,
            ValidationLoss: scores.Validation?.Loss,
            ValidationAccuracy: scores.Validation?.Accuracy,
            TestLoss: scores.Test?.Loss,
            TestAccuracy: scores.Test?.Accuracy,
            LearningRate: setup.Optimizer.LearningRateAt(Math.Max(0, state.Step - 1)) * RateScale(setup, state.History),
            Seconds: progress.Seconds,
            SamplesPerSecond: progress.Seconds == 0 ? 0 : progress.Samples / progress.Seconds);
    }

    // Every observer hears the report, those after one that stops too (a checkpoint saves the epoch an early stop ends
    // on); the first stop asked for wins. A loop, not a query: it runs at every step.
    private static FitStop? FirstStop<TReport>(IReadOnlyList<ITrainingObserver> observers, Func<ITrainingObserver, TReport, Verdict> hear, TReport report)
    {
        FitStop? first = null;
        for (var i = 0; i < observers.Count; i++)
        {
            var stop = hear(observers[i], report).Stopping;
            first ??= stop;
        }
        return first;
    }
}
