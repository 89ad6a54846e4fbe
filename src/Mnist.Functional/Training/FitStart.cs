namespace Mnist.Functional.Training;

/// <summary>What an observer is told as a run starts: its length, and where it starts from.</summary>
/// <param name="TotalEpochs">Epochs the run is set to do.</param>
/// <param name="StepsPerEpoch">Batches per epoch.</param>
/// <param name="StepsDone">Steps already made: 0 for a new run, the checkpoint's step for a resumed one.</param>
public sealed record FitStart(int TotalEpochs, long StepsPerEpoch, long StepsDone)
{
    /// <summary>Steps in the whole run.</summary>
    public long TotalSteps => TotalEpochs * StepsPerEpoch;
}
