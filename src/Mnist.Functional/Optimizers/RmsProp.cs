using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.Functional.Optimizers;

/// <summary>RMSProp: steps divided by a running root-mean-square of the gradient, optionally centred and with momentum.</summary>
/// <remarks>
/// With <c>g = ∇θ + λθ</c> and <c>v, ḡ, b</c> starting at zero: <c>v ← αv + (1 − α)g²</c>,
/// <c>s = √v + ε</c> (centred: <c>ḡ ← αḡ + (1 − α)g</c>, <c>s = √(v − ḡ²) + ε</c>), then
/// <c>θ ← θ − η·g/s</c>, or with momentum <c>b ← μb + g/s</c>, <c>θ ← θ − η·b</c>.
/// The same as PyTorch's <c>torch.optim.RMSprop</c>.
/// </remarks>
/// <param name="LearningRate">η, a number or a schedule.</param>
/// <param name="Alpha">α, the decay of the running averages.</param>
/// <param name="Epsilon">ε, added to the denominator for numerical stability.</param>
/// <param name="Momentum">μ; 0 for none.</param>
/// <param name="Centered">Whether to divide by the estimated variance rather than the mean square.</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient.</param>
public sealed record RmsProp(Schedule LearningRate, double Alpha = 0.99, double Epsilon = 1e-8, double Momentum = 0, bool Centered = false, double WeightDecay = 0) : Optimizer
{
    /// <inheritdoc />
    public override GradientTransform Transform => GradientTransform.Chain(
        new AddDecayedWeights(WeightDecay),
        new ScaleByRms(Alpha, Epsilon, Centered),
        new Trace(Momentum),
        new ScaleByLearningRate(LearningRate));
}
