namespace Mnist.Functional.Training;

/// <summary>What one epoch of training did, as measured at its end.</summary>
/// <param name="Epoch">The epoch's number, from 1.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's steps (in training mode, so with dropout).</param>
/// <param name="TrainAccuracy">Fraction of training samples classified correctly during the epoch's steps.</param>
/// <param name="ValidationLoss">Loss on the validation split at the end of the epoch, if there is one.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split, if there is one.</param>
/// <param name="TestLoss">Loss on the test split at the end of the epoch, if it was evaluated.</param>
/// <param name="TestAccuracy">Accuracy on the test split, if it was evaluated.</param>
/// <param name="LearningRate">The learning rate at the epoch's last step.</param>
/// <param name="Seconds">Wall time of the epoch's training steps, without evaluation.</param>
/// <param name="SamplesPerSecond">Training samples processed per second of <paramref name="Seconds"/>.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double? TestLoss,
    double? TestAccuracy,
    double LearningRate,
    double Seconds,
    double SamplesPerSecond);
