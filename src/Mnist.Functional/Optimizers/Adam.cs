using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.Functional.Optimizers;

/// <summary>Adam: steps scaled by running estimates of the gradient's first and second moments, with L2 weight decay.</summary>
/// <remarks>
/// With <c>g = ∇θ + λθ</c>, <c>m, v</c> starting at zero and <c>t</c> the update number from 1:
/// <c>m ← β₁m + (1 − β₁)g</c>, <c>v ← β₂v + (1 − β₂)g²</c>,
/// <c>θ ← θ − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)</c>.
/// The same as PyTorch's <c>torch.optim.Adam</c> (without <c>amsgrad</c>).
/// </remarks>
/// <param name="LearningRate">η, a number or a schedule.</param>
/// <param name="Beta1">β₁, the decay of the first-moment estimate.</param>
/// <param name="Beta2">β₂, the decay of the second-moment estimate.</param>
/// <param name="Epsilon">ε, added to the denominator for numerical stability.</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient (see <see cref="AdamW"/> for decoupled decay).</param>
public sealed record Adam(Schedule LearningRate, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0) : Optimizer
{
    /// <inheritdoc />
    public override GradientTransform Transform => GradientTransform.Chain(
        new AddDecayedWeights(WeightDecay),
        new ScaleByAdam(Beta1, Beta2, Epsilon),
        new ScaleByLearningRate(LearningRate));
}
