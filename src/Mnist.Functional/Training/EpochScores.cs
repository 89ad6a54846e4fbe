namespace Mnist.Functional.Training;

/// <summary>The splits evaluated after an epoch; a split that was not evaluated is <see langword="null"/>.</summary>
/// <param name="Validation">The held-out part of the training data.</param>
/// <param name="Test">The test split.</param>
public sealed record EpochScores(SplitScore? Validation = null, SplitScore? Test = null)
{
    /// <summary>Nothing evaluated.</summary>
    public static EpochScores None { get; } = new();
}
