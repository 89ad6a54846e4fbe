namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>
/// The learning-rate schedules the command line names; each is a shorthand for a <see cref="SchedulePlan"/>
/// (<see cref="ScheduleKinds.Plan"/>), and <see cref="ScheduleKinds.Build"/> fits it to a run.
/// </summary>
public enum ScheduleKind
{
    /// <summary>The same rate every step.</summary>
    Constant,

    /// <summary>×0.7 after every epoch.</summary>
    Step,

    /// <summary>×0.9 per epoch, applied smoothly per step.</summary>
    Exponential,

    /// <summary>Cosine decay to 0 over the run.</summary>
    Cosine,

    /// <summary>PyTorch's one-cycle over the run.</summary>
    OneCycle,

    /// <summary>
    /// The same rate until the validation loss stops improving, then lower (PyTorch's <c>ReduceLROnPlateau</c>): a constant
    /// plan here, which the training fold scales by its plateau rule from the run's history.
    /// </summary>
    Plateau,
}

/// <summary>Fits a <see cref="ScheduleKind"/> to a run.</summary>
public static class ScheduleKinds
{
    /// <summary>
    /// The plan <paramref name="kind"/> stands for, peaking at <paramref name="learningRate"/>: constant; step, ×0.7 after
    /// every epoch; exponential, ×0.9 per epoch applied every step; cosine, to 0 over the run; one-cycle over the run; plateau, constant (the fold lowers it: <c>TrainingSetup.Plateau</c>).
    /// </summary>
    public static SchedulePlan Plan(this ScheduleKind kind, double learningRate) => kind switch
    {
        ScheduleKind.Constant => new SchedulePlan.Constant(learningRate),
        ScheduleKind.Step => new SchedulePlan.StepDecay(learningRate, Duration.Epochs(1), 0.7),
        ScheduleKind.Exponential => new SchedulePlan.ExponentialDecay(learningRate, 0.9, Duration.Epochs(1)),
        ScheduleKind.Cosine => new SchedulePlan.CosineDecay(learningRate),
        ScheduleKind.OneCycle => new SchedulePlan.OneCycle(learningRate),
        ScheduleKind.Plateau => new SchedulePlan.Constant(learningRate),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a schedule kind."),
    };

    /// <summary>The schedule of kind <paramref name="kind"/> peaking at <paramref name="learningRate"/>, fitted to a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    public static Schedule Build(this ScheduleKind kind, double learningRate, long stepsPerEpoch, int epochs) =>
        kind.Plan(learningRate).Fit(RunLength.Of(stepsPerEpoch, epochs));
}
