using System.Text.Json.Nodes;
using Mnist.Functional.Training;

namespace Mnist.Functional.Checkpoints;

/// <summary>
/// Writes a checkpoint to <paramref name="Directory"/> every <paramref name="EveryEpochs"/> epochs and
/// when the run ends for any reason (after a NaN loss, the last good state).
/// </summary>
/// <param name="Directory">The checkpoint folder; each save replaces the previous one whole.</param>
/// <param name="Config">Saved with each checkpoint, so that <c>evaluate</c> and <c>--resume</c> can rebuild the run.</param>
/// <param name="EveryEpochs">How often to save during the run; at least 1.</param>
public sealed record PeriodicCheckpoint(string Directory, JsonObject Config, int EveryEpochs = 1) : ITrainingObserver
{
    /// <inheritdoc />
    public Verdict OnEpoch(EpochReport report)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(EveryEpochs, 1);
        if (report.Record.Epoch % EveryEpochs == 0)
            Save(report.State, report.GeneratorState);
        return Verdict.Continue;
    }

    /// <inheritdoc />
    public void OnStop(FitResult result)
    {
        var savedAtEpochEnd = result.State.Progress.Batches == 0 && result.State.CompletedEpochs % EveryEpochs == 0 && result.State.CompletedEpochs > 0;
        if (!savedAtEpochEnd)
            Save(result.State, result.GeneratorState);
    }

    private void Save(TrainState state, byte[] generatorState) => TrainingCheckpoint.Save(Directory, state, generatorState, Config);
}
