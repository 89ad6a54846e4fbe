using Mnist.Functional.Optimizers.HyperParameters;

namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>Multiplies by γ every <paramref name="StepSize"/> steps: <c>η(t) = initial · γ^⌊t / stepSize⌋</c>.</summary>
/// <remarks>PyTorch's <c>StepLR(step_size, gamma)</c>.</remarks>
/// <param name="Initial">η(0).</param>
/// <param name="StepSize">How many steps between decays; positive.</param>
/// <param name="Gamma">γ, the factor applied at each decay.</param>
public sealed record StepDecay(double Initial, long StepSize, double Gamma = 0.1) : Schedule
{
    /// <inheritdoc />
    public override double At(long count)
    {
        HyperParameter.Positive(StepSize, nameof(StepSize));
        return Initial * Math.Pow(Gamma, count / StepSize);
    }
}
