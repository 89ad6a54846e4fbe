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

/// <summary>What an observer sees after each epoch: the epoch's record, and the whole state to checkpoint if it wants.</summary>
/// <param name="Record">The epoch's figures.</param>
/// <param name="State">The state at the end of the epoch (the history includes <paramref name="Record"/>).</param>
/// <param name="GeneratorState">The generator's state at the end of the epoch, for an exact resume.</param>
/// <param name="TotalEpochs">Epochs the run is set to do.</param>
public sealed record EpochReport(EpochRecord Record, TrainState State, byte[] GeneratorState, int TotalEpochs);

/// <summary>How a run ended, for observers and callers.</summary>
/// <param name="State">The last good state. The caller owns its tensors and frees them with <see cref="TrainState.Dispose"/>.</param>
/// <param name="GeneratorState">The generator's state at the end, for an exact resume.</param>
/// <param name="Stop">Why the run ended, as a kind and in words.</param>
public sealed record FitResult(TrainState State, byte[] GeneratorState, FitStop Stop);
