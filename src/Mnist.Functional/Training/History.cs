using System.Collections.Immutable;

namespace Mnist.Functional.Training;

/// <summary>
/// An immutable record of a training run: one <see cref="EpochRecord"/> per epoch and, for every optimizer
/// step, its training loss, its training accuracy and the learning rate it used.
/// </summary>
/// <param name="Epochs">The epochs, in order.</param>
/// <param name="StepLosses">The training loss of every optimizer step, in order.</param>
public sealed record History(ImmutableList<EpochRecord> Epochs, ImmutableList<float> StepLosses)
{
    /// <summary>A run that has not started.</summary>
    public static History Empty { get; } = new([], []);

    /// <summary>
    /// The fraction of each step's batch the model classified correctly before its update, indexed like
    /// <see cref="StepLosses"/>; empty for histories recorded before steps kept it.
    /// </summary>
    public ImmutableList<float> StepAccuracies { get; init; } = [];

    /// <summary>
    /// The learning rate η each step used, from the optimizer's schedule, indexed like <see cref="StepLosses"/>;
    /// empty for histories recorded before steps kept it.
    /// </summary>
    public ImmutableList<double> StepLearningRates { get; init; } = [];

    /// <summary>This history with one more step: its loss, its batch accuracy in [0, 1] and the learning rate it used.</summary>
    public History WithStep(float loss, float accuracy, double learningRate) => this with
    {
        StepLosses = StepLosses.Add(loss),
        StepAccuracies = StepAccuracies.Add(accuracy),
        StepLearningRates = StepLearningRates.Add(learningRate),
    };

    /// <summary>This history with one more epoch.</summary>
    public History WithEpoch(EpochRecord epoch) => this with { Epochs = Epochs.Add(epoch) };

    /// <summary>The last epoch, or <see langword="null"/> before the first ends.</summary>
    public EpochRecord? Last => Epochs.IsEmpty ? null : Epochs[^1];

    /// <summary>Total wall time of training, summed over epochs.</summary>
    public double TrainingSeconds => Epochs.Sum(epoch => epoch.Seconds);

    /// <summary>Whether every step has its accuracy and learning rate, as well as its loss.</summary>
    public bool HasStepDetails => StepAccuracies.Count == StepLosses.Count && StepLearningRates.Count == StepLosses.Count;

    /// <summary>Histories compare by their contents.</summary>
    public bool Equals(History? other) =>
        other is not null && Epochs.SequenceEqual(other.Epochs) && StepLosses.SequenceEqual(other.StepLosses) &&
        StepAccuracies.SequenceEqual(other.StepAccuracies) && StepLearningRates.SequenceEqual(other.StepLearningRates);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Epochs.Count, StepLosses.Count, Last);
}
