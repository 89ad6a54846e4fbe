namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>Multiplies by γ every step: <c>η(t) = initial · γᵗ</c>.</summary>
/// <remarks>PyTorch's <c>ExponentialLR(gamma)</c>.</remarks>
/// <param name="Initial">η(0).</param>
/// <param name="Gamma">γ, the factor per step.</param>
public sealed record ExponentialDecay(double Initial, double Gamma) : Schedule
{
    /// <inheritdoc />
    public override double At(long count) => Initial * Math.Pow(Gamma, count);
}
