using Mnist.Functional.Optimizers.HyperParameters;

namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>
/// A learning-rate schedule as a run plans it, before the run's length is known: its lengths are <see cref="Duration"/>s
/// (the whole run, steps or epochs), and <see cref="Fit"/> makes the <see cref="Schedule"/> for a run. A value with a JSON
/// form, the <c>learning_rate</c> of an optimizer's; a plain number is a constant plan.
/// </summary>
/// <remarks>
/// Fitting follows <see cref="RunLength.StepsIn"/>: <c>new SchedulePlan.OneCycle(0.2)</c> spans the whole run,
/// <c>new SchedulePlan.StepDecay(1.0, Duration.Epochs(1), 0.7)</c> decays after every epoch's steps. Inside a
/// <see cref="LinearWarmUp"/>, the schedule that follows is fitted to the rest of the run.
/// </remarks>
public abstract record SchedulePlan
{
    /// <summary>The schedule for <paramref name="run"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range; the message names it.</exception>
    public abstract Schedule Fit(RunLength run);

    /// <summary>
    /// Whether the rate at a step depends on the run's length: some part lasts the whole run (<see cref="Duration.Run"/>),
    /// so another total of epochs changes the rates. A plan whose lengths are all steps or epochs gives every step the
    /// same rate however long the run.
    /// </summary>
    public abstract bool FittedToLength { get; }

    /// <summary>A constant plan.</summary>
    public static implicit operator SchedulePlan(double value) => new Constant(value);

    /// <summary>A constant plan.</summary>
    public static SchedulePlan FromDouble(double value) => new Constant(value);

    /// <summary>The plan that fits to <paramref name="schedule"/> whatever the run, its lengths given in steps.</summary>
    /// <exception cref="ArgumentException">The schedule is of a type of the user's own, which has no plan.</exception>
    public static SchedulePlan InSteps(Schedule schedule) => schedule switch
    {
        ConstantRate constant => new Constant(constant.Value),
        Schedules.StepDecay step => new StepDecay(step.Initial, Duration.Steps(step.StepSize), step.Gamma),
        Schedules.ExponentialDecay exponential => new ExponentialDecay(exponential.Initial, exponential.Gamma, Duration.Steps(1)),
        Schedules.CosineDecay cosine => new CosineDecay(cosine.Initial, Duration.Steps(cosine.Steps), cosine.Final),
        Schedules.OneCycle cycle => new OneCycle(cycle.MaxValue, Duration.Steps(cycle.TotalSteps), cycle.PctStart, cycle.DivFactor, cycle.FinalDivFactor),
        Schedules.LinearWarmUp warmUp => new LinearWarmUp(Duration.Steps(warmUp.Steps), InSteps(warmUp.Then), warmUp.StartFactor),
        _ => throw new ArgumentException($"A {schedule.GetType().Name} has no plan: use one of the library's schedules.", nameof(schedule)),
    };

    /// <summary>The same rate at every step: <see cref="ConstantRate"/>.</summary>
    /// <param name="Value">The rate; positive.</param>
    public sealed record Constant(double Value) : SchedulePlan
    {
        /// <inheritdoc />
        public override bool FittedToLength => false;

        /// <inheritdoc />
        public override Schedule Fit(RunLength run)
        {
            HyperParameter.Positive(Value, nameof(Value));
            return new ConstantRate(Value);
        }
    }

    /// <summary>×γ after every <paramref name="Every"/>: <see cref="Schedules.StepDecay"/> with a step size of <c>StepsIn(Every)</c>.</summary>
    /// <param name="Initial">The first rate; positive.</param>
    /// <param name="Every">How long between decays.</param>
    /// <param name="Gamma">γ, the factor at each decay; positive.</param>
    public sealed record StepDecay(double Initial, Duration Every, double Gamma = 0.1) : SchedulePlan
    {
        /// <inheritdoc />
        public override bool FittedToLength => Every.Unit == DurationUnit.Run;

        /// <inheritdoc />
        public override Schedule Fit(RunLength run)
        {
            HyperParameter.Positive(Initial, nameof(Initial));
            HyperParameter.Positive(Gamma, nameof(Gamma));
            return new Schedules.StepDecay(Initial, run.StepsIn(Every), Gamma);
        }
    }

    /// <summary>×γ per <paramref name="Per"/>, applied smoothly every step: <see cref="Schedules.ExponentialDecay"/> with <c>γ^(1 / StepsIn(Per))</c> per step.</summary>
    /// <param name="Initial">The first rate; positive.</param>
    /// <param name="Gamma">γ, the factor over each <paramref name="Per"/>; positive.</param>
    /// <param name="Per">The span γ applies to.</param>
    public sealed record ExponentialDecay(double Initial, double Gamma, Duration Per) : SchedulePlan
    {
        /// <inheritdoc />
        public override bool FittedToLength => Per.Unit == DurationUnit.Run;

        /// <inheritdoc />
        public override Schedule Fit(RunLength run)
        {
            HyperParameter.Positive(Initial, nameof(Initial));
            HyperParameter.Positive(Gamma, nameof(Gamma));
            return new Schedules.ExponentialDecay(Initial, Math.Pow(Gamma, 1.0 / run.StepsIn(Per)));
        }
    }

    /// <summary>Half a cosine from <paramref name="Initial"/> to <paramref name="Final"/> over <paramref name="Over"/>: <see cref="Schedules.CosineDecay"/>.</summary>
    /// <param name="Initial">The first rate; positive.</param>
    /// <param name="Over">How long the decay takes; the whole run unless given.</param>
    /// <param name="Final">The rate at the end; zero or more.</param>
    public sealed record CosineDecay(double Initial, Duration Over = default, double Final = 0) : SchedulePlan
    {
        /// <inheritdoc />
        public override bool FittedToLength => Over.Unit == DurationUnit.Run;

        /// <inheritdoc />
        public override Schedule Fit(RunLength run)
        {
            HyperParameter.Positive(Initial, nameof(Initial));
            HyperParameter.NonNegative(Final, nameof(Final));
            return new Schedules.CosineDecay(Initial, run.StepsIn(Over), Final);
        }
    }

    /// <summary>PyTorch's one-cycle policy over <paramref name="Over"/>: <see cref="Schedules.OneCycle"/>.</summary>
    /// <param name="MaxValue">The peak rate; positive.</param>
    /// <param name="Over">The length of the cycle; the whole run unless given.</param>
    /// <param name="PctStart">The share of the cycle spent rising, in [0, 1].</param>
    /// <param name="DivFactor">The start rate is <c>MaxValue / DivFactor</c>; positive.</param>
    /// <param name="FinalDivFactor">The final rate is <c>start / FinalDivFactor</c>; positive.</param>
    public sealed record OneCycle(double MaxValue, Duration Over = default, double PctStart = 0.3, double DivFactor = 25, double FinalDivFactor = 1e4) : SchedulePlan
    {
        /// <inheritdoc />
        public override bool FittedToLength => Over.Unit == DurationUnit.Run;

        /// <inheritdoc />
        public override Schedule Fit(RunLength run)
        {
            HyperParameter.Positive(MaxValue, nameof(MaxValue));
            return new Schedules.OneCycle(MaxValue, run.StepsIn(Over), PctStart, DivFactor, FinalDivFactor);
        }
    }

    /// <summary>A linear warm-up over <paramref name="Over"/>, then <paramref name="Then"/> fitted to the rest of the run: <see cref="Schedules.LinearWarmUp"/>.</summary>
    /// <param name="Over">How long the warm-up takes.</param>
    /// <param name="Then">The plan that follows.</param>
    /// <param name="StartFactor">The warm-up starts at <c>StartFactor · Then(0)</c>; in [0, 1].</param>
    public sealed record LinearWarmUp(Duration Over, SchedulePlan Then, double StartFactor = 0) : SchedulePlan
    {
        /// <inheritdoc />
        public override bool FittedToLength => Over.Unit == DurationUnit.Run || Then.FittedToLength;

        /// <inheritdoc />
        public override Schedule Fit(RunLength run)
        {
            HyperParameter.Fraction(StartFactor, nameof(StartFactor), oneAllowed: true);
            var steps = run.StepsIn(Over);
            return new Schedules.LinearWarmUp(steps, Then.Fit(run.After(steps)), StartFactor);
        }
    }
}
