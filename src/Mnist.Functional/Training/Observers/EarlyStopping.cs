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
        var values = report.State.History.Epochs.Select(Metric.Read).ToArray();
        if (values.Any(value => value is null))
            throw new InvalidOperationException($"Early stopping watches {Metric.Name}, but the run does not measure it: give the run a {Metric.Split} split.");

        var best = 0;
        for (var epoch = 1; epoch < values.Length; epoch++)
            if (Metric.Improves(values[epoch]!.Value, values[best]!.Value, MinDelta)) best = epoch;
        var sinceBest = values.Length - 1 - best;
        return sinceBest >= Patience
            ? Verdict.Stop($"{Metric.Name} has not improved for {sinceBest} epochs (best {values[best]:G5} at epoch {best + 1})")
            : Verdict.Continue;
    }
}
