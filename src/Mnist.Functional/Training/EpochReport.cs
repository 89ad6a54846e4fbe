namespace Mnist.Functional.Training;

/// <summary>What an observer sees after each epoch: the epoch's record, and the whole state to checkpoint if it wants.</summary>
/// <param name="Record">The epoch's figures.</param>
/// <param name="State">The state at the end of the epoch (the history includes <paramref name="Record"/>).</param>
/// <param name="GeneratorState">The generator's state at the end of the epoch, for an exact resume.</param>
/// <param name="TotalEpochs">Epochs the run is set to do.</param>
public sealed record EpochReport(EpochRecord Record, TrainState State, byte[] GeneratorState, int TotalEpochs);
