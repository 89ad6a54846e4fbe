namespace Mnist.Functional.Training;

/// <summary>What one training step did.</summary>
/// <param name="State">The state after the step; the state before it when the loss was not finite (no update is made then).</param>
/// <param name="Loss">The batch's mean loss before the update.</param>
/// <param name="Correct">Samples of the batch the model classified correctly before the update.</param>
/// <param name="Samples">Samples in the batch.</param>
public sealed record StepOutcome(TrainState State, float Loss, long Correct, long Samples)
{
    /// <summary>Whether the loss was a finite number, so that the update was made.</summary>
    public bool IsFinite => float.IsFinite(Loss);
}
