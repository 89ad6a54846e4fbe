namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>
/// How long a run is, in optimizer steps: what a <see cref="SchedulePlan"/> is fitted to. <see cref="StepsIn"/> is the
/// rule that turns a <see cref="Duration"/> into steps.
/// </summary>
/// <param name="StepsPerEpoch">Steps (batches) in one epoch; at least 1.</param>
/// <param name="TotalSteps">Steps in the whole run; at least 1.</param>
public readonly record struct RunLength(long StepsPerEpoch, long TotalSteps)
{
    /// <summary>A run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps (each counted as at least 1).</summary>
    public static RunLength Of(long stepsPerEpoch, int epochs) => new(Math.Max(1, stepsPerEpoch), Math.Max(1, stepsPerEpoch * epochs));

    /// <summary>
    /// <paramref name="duration"/> in steps: the whole run is <see cref="TotalSteps"/>; steps are themselves; <c>e</c>
    /// epochs are <c>round(e · StepsPerEpoch)</c> (halves away from zero), and at least 1.
    /// </summary>
    public long StepsIn(Duration duration) => duration.Unit switch
    {
        DurationUnit.Steps => (long)duration.Amount,
        DurationUnit.Epochs => Math.Max(1, (long)Math.Round(duration.Amount * StepsPerEpoch, MidpointRounding.AwayFromZero)),
        _ => TotalSteps,
    };

    /// <summary>What is left of the run after its first <paramref name="steps"/> (at least 1 step): the run a schedule that follows a warm-up is fitted to.</summary>
    public RunLength After(long steps) => this with { TotalSteps = Math.Max(1, TotalSteps - steps) };
}
