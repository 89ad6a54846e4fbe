namespace Mnist.Functional.Training.Observers;

/// <summary>
/// Stops a run when a metric has not improved by more than <paramref name="MinDelta"/> for
/// <paramref name="Patience"/> epochs. It keeps no state of its own: the best epoch is read from the history.
/// </summary>
/// <param name="Metric">The metric watched; validation loss by default.</param>
/// <param name="Patience">Epochs without improvement before stopping; at least 1.</param>
/// <param name="MinDelta">The smallest change that counts as an improvement.</param>
public sealed record EarlyStopping(Metric Metric, int Patience, double MinDelta = 0) : ITrainingObserver
{
    /// <inheritdoc />
    public Verdict OnEpoch(EpochReport report)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Patience, 1);
        var epochs = report.State.History.Epochs;
        if (Metric.Best(epochs, MinDelta) is not { } best)
            return Verdict.Continue;
        var sinceBest = epochs[^1].Epoch - best.Epoch;
        return sinceBest >= Patience
            ? Verdict.Stop($"{Metric.Name} has not improved for {sinceBest} epochs (best {best.Value:G5} at epoch {best.Epoch})")
            : Verdict.Continue;
    }
}
