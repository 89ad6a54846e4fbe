using System.Text.Json.Nodes;
using Mnist.Functional.Training;

namespace Mnist.Functional.Checkpoints;

/// <summary>
/// Writes a checkpoint to <paramref name="Directory"/> after each epoch that is the best so far by <paramref name="Metric"/>
/// (Keras' <c>ModelCheckpoint(save_best_only=True)</c>): the whole training state of that epoch, replaced whole (see
/// <see cref="CheckpointStore.Save"/>), so that a kill mid-save leaves the previous best. It keeps no state of its own:
/// the best epoch is read from the history, so a resumed run goes on comparing with the epochs before it.
/// </summary>
/// <param name="Directory">The best checkpoint's folder.</param>
/// <param name="Config">Saved with each checkpoint, so that <c>evaluate</c>, <c>export</c> and the others read it as any checkpoint.</param>
/// <param name="Metric">The validation figure that decides which epoch is best.</param>
public sealed record BestCheckpoint(string Directory, JsonObject Config, Metric Metric) : ITrainingObserver
{
    /// <inheritdoc />
    public Verdict OnEpoch(EpochReport report)
    {
        if (Metric.Best(report.State.History.Epochs) is { } best && best.Epoch == report.Record.Epoch)
            TrainingCheckpoint.Save(Directory, report.State, report.GeneratorState, Config);
        return Verdict.Continue;
    }
}
