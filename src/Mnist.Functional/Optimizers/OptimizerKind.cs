using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Optimizers;

/// <summary>
/// The optimizers the command line names; each is a shorthand for an <see cref="OptimizerPlan"/>
/// (<see cref="OptimizerKinds.Plan"/>), and <see cref="OptimizerKinds.Build"/> makes the named optimizer itself.
/// </summary>
public enum OptimizerKind
{
    /// <summary>SGD with Nesterov momentum (0.9 unless told otherwise).</summary>
    Sgd,

    /// <summary>Adam (Kingma and Ba), with L2 weight decay.</summary>
    Adam,

    /// <summary>AdamW: Adam with decoupled weight decay (1e-2 unless told otherwise).</summary>
    AdamW,

    /// <summary>Adadelta (Zeiler).</summary>
    Adadelta,

    /// <summary>RMSProp (Hinton), with optional momentum.</summary>
    RmsProp,
}

/// <summary>Makes the optimizer an <see cref="OptimizerKind"/> stands for.</summary>
public static class OptimizerKinds
{
    /// <summary>
    /// The optimizer of kind <paramref name="kind"/> with <paramref name="schedule"/> as its learning rate.
    /// <paramref name="momentum"/> is SGD's (0.9 when <see langword="null"/>) or RMSProp's (0 when <see langword="null"/>);
    /// <paramref name="beta1"/> and <paramref name="beta2"/> are Adam's and AdamW's (their own, 0.9 and 0.999, when <see langword="null"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A momentum or β was given for an optimizer that has none.</exception>
    public static Optimizer Build(this OptimizerKind kind, Schedule schedule, double weightDecay = 0, double? momentum = null, double? beta1 = null, double? beta2 = null) => kind switch
    {
        _ when (beta1 ?? beta2) is not null && kind is not (OptimizerKind.Adam or OptimizerKind.AdamW) =>
            throw new ArgumentException($"{ByName.Name(kind)} has no β setting (only adam and adamw have them).", nameof(beta1)),
        OptimizerKind.Sgd => new Sgd(schedule, Momentum: momentum ?? 0.9, Nesterov: (momentum ?? 0.9) > 0, WeightDecay: weightDecay),
        OptimizerKind.RmsProp => new RmsProp(schedule, Momentum: momentum ?? 0, WeightDecay: weightDecay),
        _ when momentum is not null => throw new ArgumentException($"{ByName.Name(kind)} has no momentum setting (only sgd and rmsprop have one).", nameof(momentum)),
        OptimizerKind.Adam => new Adam(schedule, WeightDecay: weightDecay) is var adam ? adam with { Beta1 = beta1 ?? adam.Beta1, Beta2 = beta2 ?? adam.Beta2 } : null,
        OptimizerKind.AdamW => new AdamW(schedule, WeightDecay: weightDecay == 0 ? 1e-2 : weightDecay) is var adamW ? adamW with { Beta1 = beta1 ?? adamW.Beta1, Beta2 = beta2 ?? adamW.Beta2 } : null,
        OptimizerKind.Adadelta => new Adadelta(schedule, WeightDecay: weightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an optimizer kind."),
    };

    /// <summary>
    /// The plan <paramref name="kind"/> stands for: the named optimizer's transforms, with the settings <see cref="Build"/>
    /// takes, in its order (weight decay first, or after Adam's scaling for AdamW; a decay of 0 and a momentum of 0 kept,
    /// so the state has the named optimizer's names), with <paramref name="learningRate"/> as the rate they are scaled by.
    /// </summary>
    /// <exception cref="ArgumentException">A momentum or β was given for an optimizer that has none.</exception>
    public static OptimizerPlan Plan(this OptimizerKind kind, SchedulePlan learningRate, double weightDecay = 0, double? momentum = null, double? beta1 = null, double? beta2 = null) =>
        // The named optimizer's own chain is the one source of its transforms; its learning rate (1 here) is replaced by the plan's.
        OptimizerPlan.Of(kind.Build(1.0, weightDecay, momentum, beta1, beta2)) with { LearningRate = learningRate };

    /// <summary>A learning rate that suits the optimizer when none is given.</summary>
    public static double DefaultLearningRate(this OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => 0.05,
        OptimizerKind.Adadelta => 1.0,
        _ => 1e-3,
    };
}
