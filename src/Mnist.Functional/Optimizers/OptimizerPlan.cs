using System.Collections.Immutable;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.Functional.Optimizers;

/// <summary>
/// An optimizer as a run plans it: the chain of gradient transforms, with their hyper-parameters, and the learning-rate
/// plan they are scaled by last. <see cref="Build"/> makes the <see cref="Optimizer"/> for a run of known length, with
/// <c>params' = params − η(t) · Transforms(grads)</c>. A value with a JSON form (<see cref="OptimizerJson"/>).
/// </summary>
/// <remarks>
/// <para>Clipping by global norm, then SGD with Nesterov momentum and weight decay, over a one-cycle rate:</para>
/// <code>
/// new OptimizerPlan([new ClipByGlobalNorm(1), new AddDecayedWeights(5e-4), new Trace(0.9, Nesterov: true)], new SchedulePlan.OneCycle(0.2))
/// </code>
/// <para>The optimizers the command line names are shorthands for plans (<see cref="OptimizerKinds.Plan"/>); the
/// optimizer a plan builds has the same transforms, in the same order, as the named one, so its state has the same
/// names and its updates the same bits. Every optimizer the library names scales by the learning rate last; a chain that
/// must do something after that is built in code with <see cref="Optimizer.From"/>.</para>
/// </remarks>
public sealed record OptimizerPlan
{
    /// <summary>The plan that applies <paramref name="transforms"/> in order (nested chains flattened), then scales by −<paramref name="learningRate"/>.</summary>
    /// <exception cref="ArgumentException">A transform scales by a learning rate itself: give the rate as <paramref name="learningRate"/>.</exception>
    public OptimizerPlan(IEnumerable<GradientTransform> transforms, SchedulePlan learningRate)
    {
        Transforms = [.. transforms.SelectMany(transform => transform is ChainedTransform chain ? chain.Stages : [transform])];
        if (Transforms.Any(transform => transform is ScaleByLearningRate))
            throw new ArgumentException("An optimizer plan scales by its learning rate last, itself: give the rate as the plan's learning rate, not as a ScaleByLearningRate among its transforms.", nameof(transforms));
        LearningRate = learningRate;
    }

    /// <summary>The transforms, in the order they run, before the learning rate.</summary>
    public ImmutableArray<GradientTransform> Transforms { get; }

    /// <summary>The learning rate's plan, fitted to the run by <see cref="Build"/>.</summary>
    public SchedulePlan LearningRate { get; init; }

    /// <summary>The optimizer for <paramref name="run"/>: the transforms, then <see cref="ScaleByLearningRate"/> with the fitted schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value of the learning-rate plan is out of range; the message names it.</exception>
    public Optimizer Build(RunLength run) => Optimizer.From(GradientTransform.Chain([.. Transforms, new ScaleByLearningRate(LearningRate.Fit(run))]));

    /// <summary>
    /// The plan of <paramref name="optimizer"/>: its transforms before its last, which must scale by the learning rate
    /// (as every named optimizer's does), and that rate's schedule as a plan in steps (<see cref="SchedulePlan.InSteps"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The optimizer does not scale by its learning rate last, or its schedule is of a type of the user's own.</exception>
    public static OptimizerPlan Of(Optimizer optimizer)
    {
        ImmutableArray<GradientTransform> stages = optimizer.Transform is ChainedTransform chain ? chain.Stages : [optimizer.Transform];
        if (stages.Length == 0 || stages[^1] is not ScaleByLearningRate last)
            throw new ArgumentException("This optimizer does not scale by its learning rate last, so it has no plan; keep it in code, or end its chain with a ScaleByLearningRate.", nameof(optimizer));
        return new(stages[..^1], SchedulePlan.InSteps(last.LearningRate));
    }

    /// <summary>Plans compare by their transforms, in order, and their learning rates.</summary>
    public bool Equals(OptimizerPlan? other) =>
        other is not null && Transforms.SequenceEqual(other.Transforms) && LearningRate.Equals(other.LearningRate);

    /// <inheritdoc />
    public override int GetHashCode() => Transforms.Aggregate(LearningRate.GetHashCode(), HashCode.Combine);
}
