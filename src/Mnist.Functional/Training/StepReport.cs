namespace Mnist.Functional.Training;

/// <summary>What an observer sees after each step.</summary>
/// <param name="Epoch">The epoch in course, from 1.</param>
/// <param name="Step">Optimizer updates made so far, this one included.</param>
/// <param name="Batch">The batch's number within the epoch, from 1.</param>
/// <param name="BatchesPerEpoch">Batches in an epoch.</param>
/// <param name="Loss">The batch's loss.</param>
/// <param name="LearningRate">The learning rate this step used.</param>
/// <param name="Progress">The epoch's running totals (loss sum, correct, samples, seconds).</param>
public sealed record StepReport(int Epoch, long Step, long Batch, long BatchesPerEpoch, float Loss, double LearningRate, EpochProgress Progress);
