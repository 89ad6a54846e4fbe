using Mnist.Functional.Optimizers.HyperParameters;

namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>
/// Half a cosine from <paramref name="Initial"/> down to <paramref name="Final"/> over <paramref name="Steps"/> steps,
/// then flat: <c>η(t) = final + (initial − final) · (1 + cos(π · min(t, steps) / steps)) / 2</c>.
/// </summary>
/// <remarks>Up to <c>t = steps</c> this is PyTorch's <c>CosineAnnealingLR(T_max: steps, eta_min: final)</c>, which afterwards rises again; this one stays at <c>final</c>.</remarks>
/// <param name="Initial">η(0).</param>
/// <param name="Steps">How many steps the decay takes; positive.</param>
/// <param name="Final">The value from <c>t = steps</c> on.</param>
public sealed record CosineDecay(double Initial, long Steps, double Final = 0) : Schedule
{
    /// <inheritdoc />
    public override double At(long count)
    {
        HyperParameter.Positive(Steps, nameof(Steps));
        return Final + (Initial - Final) * (1 + Math.Cos(Math.PI * Math.Min(count, Steps) / Steps)) / 2;
    }
}
