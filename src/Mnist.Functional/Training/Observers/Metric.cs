namespace Mnist.Functional.Training.Observers;

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

    /// <summary>Whether <paramref name="candidate"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>.</summary>
    public bool Improves(double candidate, double best, double minDelta) =>
        HigherIsBetter ? candidate > best + minDelta : candidate < best - minDelta;
}
