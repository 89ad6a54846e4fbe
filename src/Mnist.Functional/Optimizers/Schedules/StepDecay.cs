using Mnist.Functional.Optimizers.HyperParameters;

namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>Multiplies by γ every <paramref name="StepSize"/> steps: <c>η(t) = initial · γ^⌊t / stepSize⌋</c>.</summary>
/// <remarks>PyTorch's <c>StepLR(step_size, gamma)</c>.</remarks>
/// <param name="Initial">η(0).</param>
/// <param name="StepSize">How many steps between decays; positive.</param>
/// <param name="Gamma">γ, the factor applied at each decay.</param>
public sealed record StepDecay(double Initial, long StepSize, double Gamma = 0.1) : Schedule
{
    /// <summary>How many steps between decays.</summary>
    public long StepSize { get; init; } = HyperParameter.Positive(StepSize, nameof(StepSize));

    /// <inheritdoc />
    public override double At(long count) => Initial * Math.Pow(Gamma, count / StepSize);
}
