namespace Mnist.Functional.Training;

/// <summary>
/// What a run measures after each epoch, given by its caller: <see cref="Train.Fit"/> calls it with the state at
/// the end of epoch <paramref name="epoch"/> and puts the scores in the epoch's record. The fold itself evaluates nothing.
/// </summary>
/// <param name="state">The state at the end of the epoch; read only, owned by the fold.</param>
/// <param name="epoch">The epoch's number, from 1.</param>
public delegate EpochScores EpochEvaluation(TrainState state, int epoch);
