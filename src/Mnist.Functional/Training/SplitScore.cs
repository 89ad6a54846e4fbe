namespace Mnist.Functional.Training;

/// <summary>The loss and accuracy of one evaluated split.</summary>
/// <param name="Loss">Mean loss over the split.</param>
/// <param name="Accuracy">Fraction classified correctly, in [0, 1].</param>
public readonly record struct SplitScore(double Loss, double Accuracy);
