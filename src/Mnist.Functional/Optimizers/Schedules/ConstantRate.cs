namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>The same value at every step: <c>η(t) = value</c>.</summary>
/// <param name="Value">The value.</param>
public sealed record ConstantRate(double Value) : Schedule
{
    /// <inheritdoc />
    public override double At(long count) => Value;
}
