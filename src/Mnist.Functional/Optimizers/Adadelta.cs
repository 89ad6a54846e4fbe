using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.Functional.Optimizers;

/// <summary>Adadelta: steps sized by the ratio of running RMS of past steps to running RMS of gradients, with L2 weight decay.</summary>
/// <remarks>
/// With <c>g = ∇θ + λθ</c> and <c>v, d</c> starting at zero: <c>v ← ρv + (1 − ρ)g²</c>,
/// <c>Δ = √(d + ε) / √(v + ε) · g</c>, <c>d ← ρd + (1 − ρ)Δ²</c>, <c>θ ← θ − η·Δ</c>.
/// The same as PyTorch's <c>torch.optim.Adadelta</c>.
/// </remarks>
/// <param name="LearningRate">η, a number or a schedule; 1.0 is the method as published.</param>
/// <param name="Rho">ρ, the decay of both running averages.</param>
/// <param name="Epsilon">ε, added inside both square roots.</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient.</param>
public sealed record Adadelta(Schedule LearningRate, double Rho = 0.9, double Epsilon = 1e-6, double WeightDecay = 0) : Optimizer
{
    /// <inheritdoc />
    public override GradientTransform Transform => GradientTransform.Chain(
        new AddDecayedWeights(WeightDecay),
        new ScaleByAdadelta(Rho, Epsilon),
        new ScaleByLearningRate(LearningRate));
}
