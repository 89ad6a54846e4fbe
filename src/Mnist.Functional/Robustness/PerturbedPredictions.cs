using Mnist.Functional.Evaluation;

namespace Mnist.Functional.Robustness;

/// <summary>What a model said about a split after its images were changed, and the first few changed images.</summary>
/// <param name="Predictions">The probabilities, labels and mean loss on the changed images.</param>
/// <param name="Examples">The first changed images, each 28 × 28 row-major in [0, 1], in the split's order.</param>
public sealed record PerturbedPredictions(Predictions Predictions, IReadOnlyList<float[]> Examples);
