using Mnist.Functional.Optimizers.HyperParameters;

namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>
/// The one-cycle policy: a cosine rise from <c>max / divFactor</c> to <c>max</c> over the first
/// <c>pctStart</c> of <c>totalSteps</c>, then a cosine fall to <c>max / (divFactor · finalDivFactor)</c> at the last step.
/// </summary>
/// <remarks>
/// PyTorch's <c>OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy: "cos", div_factor,
/// final_div_factor, three_phase: false)</c>, learning rate only: with <c>e = pctStart · totalSteps − 1</c> and
/// <c>anneal(a, b, p) = b + (a − b)(1 + cos πp)/2</c>, <c>η(t) = anneal(initial, max, t / e)</c> for <c>t ≤ e</c>,
/// else <c>anneal(max, min, (t − e) / (totalSteps − 1 − e))</c>. Past the last step it stays at the minimum.
/// </remarks>
/// <param name="MaxValue">The peak value.</param>
/// <param name="TotalSteps">The length of the cycle in steps; positive.</param>
/// <param name="PctStart">The share of the cycle spent rising, in <c>[0, 1]</c>.</param>
/// <param name="DivFactor">The start value is <c>max / divFactor</c>.</param>
/// <param name="FinalDivFactor">The final value is <c>start / finalDivFactor</c>.</param>
public sealed record OneCycle(double MaxValue, long TotalSteps, double PctStart = 0.3, double DivFactor = 25, double FinalDivFactor = 1e4) : Schedule
{
    /// <inheritdoc />
    public override double At(long count)
    {
        HyperParameter.Positive(TotalSteps, nameof(TotalSteps));
        HyperParameter.Fraction(PctStart, nameof(PctStart), oneAllowed: true);
        HyperParameter.Positive(DivFactor, nameof(DivFactor));
        HyperParameter.Positive(FinalDivFactor, nameof(FinalDivFactor));
        var (initial, peakStep, lastStep) = (MaxValue / DivFactor, PctStart * TotalSteps - 1, TotalSteps - 1.0);
        var t = Math.Min(count, lastStep);
        return t <= peakStep
            ? Anneal(initial, MaxValue, t / peakStep)
            : Anneal(MaxValue, initial / FinalDivFactor, (t - peakStep) / (lastStep - peakStep));
    }

    private static double Anneal(double start, double end, double progress) => end + (start - end) / 2 * (1 + Math.Cos(Math.PI * progress));
}
