using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.Functional.Optimizers;

/// <summary>Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay.</summary>
/// <remarks>
/// With <c>g = ∇θ + λθ</c> and the buffer <c>b</c> starting at zero, each update is
/// <c>b ← μb + g</c>, then <c>θ ← θ − η·b</c> (or with Nesterov <c>θ ← θ − η·(g + μb)</c>); with <c>μ = 0</c>
/// it is <c>θ ← θ − η·g</c>. The same as PyTorch's <c>torch.optim.SGD</c> with <c>dampening = 0</c>.
/// </remarks>
/// <param name="LearningRate">η, a number or a schedule.</param>
/// <param name="Momentum">μ in <c>[0, 1)</c>; 0 for plain SGD.</param>
/// <param name="Nesterov">Whether to use Nesterov momentum.</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient.</param>
public sealed record Sgd(Schedule LearningRate, double Momentum = 0, bool Nesterov = false, double WeightDecay = 0) : Optimizer
{
    /// <inheritdoc />
    public override GradientTransform Transform => GradientTransform.Chain(
        new AddDecayedWeights(WeightDecay),
        new Trace(Momentum, Nesterov),
        new ScaleByLearningRate(LearningRate));
}
