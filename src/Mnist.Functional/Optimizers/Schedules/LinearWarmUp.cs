using Mnist.Functional.Optimizers.HyperParameters;

namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>
/// A linear warm-up before another schedule: <c>η(t) = then(0) · (s + (1 − s) · t / steps)</c> for
/// <c>t &lt; steps</c>, then <c>then(t − steps)</c>, with <c>s</c> the start factor.
/// </summary>
/// <remarks>PyTorch's <c>SequentialLR([LinearLR(start_factor: s, total_iters: steps), then], milestones: [steps])</c>.</remarks>
/// <param name="Steps">How many steps the warm-up takes.</param>
/// <param name="Then">The schedule that follows, started afresh at step 0 when the warm-up ends.</param>
/// <param name="StartFactor">s: the warm-up starts at <c>s · then(0)</c>.</param>
public sealed record LinearWarmUp(long Steps, Schedule Then, double StartFactor = 0) : Schedule
{
    /// <inheritdoc />
    public override double At(long count)
    {
        HyperParameter.Positive(Steps, nameof(Steps));
        return count < Steps ? Then.At(0) * (StartFactor + (1 - StartFactor) * count / Steps) : Then.At(count - Steps);
    }
}
