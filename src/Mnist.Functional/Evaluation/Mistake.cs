namespace Mnist.Functional.Evaluation;

/// <summary>A sample the model got wrong.</summary>
/// <param name="Index">The sample's position in the evaluated split.</param>
/// <param name="Actual">Its true class.</param>
/// <param name="Predicted">The class the model chose.</param>
/// <param name="Top">The most probable classes with their probabilities, most probable first.</param>
public sealed record Mistake(int Index, int Actual, int Predicted, IReadOnlyList<(int Class, float Probability)> Top);
