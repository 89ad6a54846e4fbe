using System.Collections.Immutable;

namespace Mnist.Functional.Training;

/// <summary>An immutable record of a training run: one <see cref="EpochRecord"/> per epoch and the loss of every step.</summary>
/// <param name="Epochs">The epochs, in order.</param>
/// <param name="StepLosses">The training loss of every optimizer step, in order.</param>
public sealed record History(ImmutableList<EpochRecord> Epochs, ImmutableList<float> StepLosses)
{
    /// <summary>A run that has not started.</summary>
    public static History Empty { get; } = new([], []);

    /// <summary>This history with one more step's loss.</summary>
    public History WithStep(float loss) => this with { StepLosses = StepLosses.Add(loss) };

    /// <summary>This history with one more epoch.</summary>
    public History WithEpoch(EpochRecord epoch) => this with { Epochs = Epochs.Add(epoch) };

    /// <summary>The last epoch, or <see langword="null"/> before the first ends.</summary>
    public EpochRecord? Last => Epochs.IsEmpty ? null : Epochs[^1];

    /// <summary>Total wall time of training, summed over epochs.</summary>
    public double TrainingSeconds => Epochs.Sum(epoch => epoch.Seconds);

    /// <summary>Histories compare by their contents.</summary>
    public bool Equals(History? other) =>
        other is not null && Epochs.SequenceEqual(other.Epochs) && StepLosses.SequenceEqual(other.StepLosses);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Epochs.Count, StepLosses.Count, Last);
}
