namespace Mnist.Functional.Training;

/// <summary>A figure of an <see cref="EpochRecord"/> to watch, and which way is better.</summary>
/// <param name="Name">The metric in words, such as <c>validation loss</c>.</param>
/// <param name="Split">The split it needs, such as <c>validation</c>.</param>
/// <param name="Read">Reads it from an epoch's record; <see langword="null"/> when the split was not evaluated.</param>
/// <param name="HigherIsBetter">Whether larger values are better (accuracy) or smaller (loss).</param>
public sealed record Metric(string Name, string Split, Func<EpochRecord, double?> Read, bool HigherIsBetter)
{
    /// <summary>Loss on the validation split, lower is better.</summary>
    public static Metric ValidationLoss { get; } = new("validation loss", "validation", record => record.ValidationLoss, false);

    /// <summary>Accuracy on the validation split, higher is better.</summary>
    public static Metric ValidationAccuracy { get; } = new("validation accuracy", "validation", record => record.ValidationAccuracy, true);

    /// <summary>The metrics a run can watch, by <see cref="Key"/>: <c>validation_loss</c>, <c>validation_accuracy</c>.</summary>
    public static IReadOnlyList<Metric> Watchable { get; } = [ValidationLoss, ValidationAccuracy];

    /// <summary>The metric's name as a setting writes it: <c>validation_loss</c>.</summary>
    public string Key => Name.Replace(' ', '_');

    /// <summary>The watchable metric whose <see cref="Key"/> is <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">No metric has that key; the message lists the keys there are.</exception>
    public static Metric Named(string key) =>
        Watchable.FirstOrDefault(metric => metric.Key == key)
        ?? throw new ArgumentException($"There is no metric '{key}' to watch. Choose one of: {string.Join(", ", Watchable.Select(metric => metric.Key))}.", nameof(key));

    /// <summary>
    /// The best of <paramref name="epochs"/> by this metric: the first epoch that no later one beats by more than
    /// <paramref name="minDelta"/> (each later epoch is compared with the best so far), as its number from 1 and its value;
    /// <see langword="null"/> when there are no epochs.
    /// </summary>
    /// <exception cref="InvalidOperationException">An epoch lacks the metric (its split was not evaluated).</exception>
    public (int Epoch, double Value)? Best(IReadOnlyList<EpochRecord> epochs, double minDelta = 0)
    {
        if (epochs.Count == 0) return null;
        var values = epochs.Select(record => Read(record) ?? throw new InvalidOperationException(
            $"{Name} is watched, but epoch {record.Epoch} does not measure it: give the run a {Split} split.")).ToArray();
        var best = 0;
        for (var epoch = 1; epoch < values.Length; epoch++)
            if (Improves(values[epoch], values[best], minDelta)) best = epoch;
        return (epochs[best].Epoch, values[best]);
    }

    /// <summary>Whether <paramref name="candidate"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>.</summary>
    public bool Improves(double candidate, double best, double minDelta) =>
        HigherIsBetter ? candidate > best + minDelta : candidate < best - minDelta;
}
