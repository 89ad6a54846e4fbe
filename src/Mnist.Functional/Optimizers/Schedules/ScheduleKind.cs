namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>The learning-rate schedules a recipe can name; <see cref="ScheduleKinds.Build"/> fits one to a run.</summary>
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
}

/// <summary>Fits a <see cref="ScheduleKind"/> to a run.</summary>
public static class ScheduleKinds
{
    /// <summary>The schedule of kind <paramref name="kind"/> peaking at <paramref name="learningRate"/>, fitted to a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    public static Schedule Build(this ScheduleKind kind, double learningRate, long stepsPerEpoch, int epochs)
    {
        var totalSteps = Math.Max(1, stepsPerEpoch * epochs);
        return kind switch
        {
            ScheduleKind.Constant => new Constant(learningRate),
            ScheduleKind.Step => new StepDecay(learningRate, Math.Max(1, stepsPerEpoch), 0.7),
            ScheduleKind.Exponential => new ExponentialDecay(learningRate, Math.Pow(0.9, 1.0 / Math.Max(1, stepsPerEpoch))),
            ScheduleKind.Cosine => new CosineDecay(learningRate, totalSteps),
            ScheduleKind.OneCycle => new OneCycle(learningRate, totalSteps),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a schedule kind."),
        };
    }
}
