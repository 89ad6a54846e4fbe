namespace Mnist.Functional.Training;

/// <summary>What one training step did.</summary>
/// <param name="State">The state after the step; the state before it when the step was refused (no update is made then).</param>
/// <param name="Loss">The batch's mean loss before the update.</param>
/// <param name="Correct">Samples of the batch the model classified correctly before the update.</param>
/// <param name="Samples">Samples in the batch.</param>
/// <param name="NonFiniteAfterUpdate">
/// The first tensor (a parameter, a layer's state such as <c>1.running_var</c>, or an optimizer moment) that
/// the update would have made NaN or infinite, named as <c>parameter 0.weight</c>; <see langword="null"/> when
/// the update was finite or not tried.
/// </param>
public sealed record StepOutcome(TrainState State, float Loss, long Correct, long Samples, string? NonFiniteAfterUpdate = null)
{
    /// <summary>Whether the loss and everything the update made were finite, so that the update was made.</summary>
    public bool IsFinite => float.IsFinite(Loss) && NonFiniteAfterUpdate is null;
}
