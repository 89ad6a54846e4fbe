using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.Functional.Optimizers;

/// <summary>AdamW: Adam with weight decay decoupled from the gradient's moments.</summary>
/// <remarks>
/// With <c>g = ∇θ</c>, <c>m, v</c> starting at zero and <c>t</c> the update number from 1:
/// <c>m ← β₁m + (1 − β₁)g</c>, <c>v ← β₂v + (1 − β₂)g²</c>,
/// <c>θ ← θ − η · ((m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε) + λθ)</c>.
/// The same as PyTorch's <c>torch.optim.AdamW</c> (without <c>amsgrad</c>), whose default λ is also 0.01.
/// </remarks>
/// <param name="LearningRate">η, a number or a schedule.</param>
/// <param name="Beta1">β₁, the decay of the first-moment estimate.</param>
/// <param name="Beta2">β₂, the decay of the second-moment estimate.</param>
/// <param name="Epsilon">ε, added to the denominator for numerical stability.</param>
/// <param name="WeightDecay">λ, the decoupled decay, scaled by the learning rate.</param>
public sealed record AdamW(Schedule LearningRate, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 1e-2) : Optimizer
{
    /// <inheritdoc />
    public override GradientTransform Transform => GradientTransform.Chain(
        new ScaleByAdam(Beta1, Beta2, Epsilon),
        new AddDecayedWeights(WeightDecay),
        new ScaleByLearningRate(LearningRate));
}
