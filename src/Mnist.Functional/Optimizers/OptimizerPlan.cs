using System.Collections.Immutable;
using System.Text.Json.Nodes;
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
    /// This plan with the gradients clipped to global norm <paramref name="maxNorm"/> before its first transform, as optax's
    /// <c>chain(clip_by_global_norm(max_norm), …)</c>: the clipped gradients are what the optimizer's moments see.
    /// </summary>
    public OptimizerPlan ClippedByGlobalNorm(double maxNorm) => new([new ClipByGlobalNorm(maxNorm), .. Transforms], LearningRate);

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

    /// <summary>
    /// The learning rate a person quotes for the plan: the peak of a one-cycle plan, the first rate of any other, the rate
    /// after a warm-up.
    /// </summary>
    public double PeakRate => Peak(LearningRate);

    private static double Peak(SchedulePlan plan) => plan switch
    {
        SchedulePlan.OneCycle cycle => cycle.MaxValue,
        SchedulePlan.LinearWarmUp warmUp => Peak(warmUp.Then),
        // Every other plan of the library's starts at its highest rate; one of the user's own is asked for its first.
        _ => plan.Fit(RunLength.Of(1, 1)).At(0),
    };

    /// <summary>
    /// The plan in words, from its JSON form: <c>clip_by_global_norm (max norm 1) → trace (momentum 0.9, nesterov true) → lr
    /// one_cycle (max value 0.2)</c>. A transform or rate of the user's own shows as its type's name.
    /// </summary>
    public string Describe()
    {
        static string Words(JsonNode? node)
        {
            if (node is not JsonObject json)
                return node?.ToJsonString() ?? "null";
            var fields = string.Join(", ", json.Where(field => field.Key != "kind").Select(field => $"{field.Key.Replace('_', ' ')} {Words(field.Value)}"));
            return json["kind"] is { } kind ? (fields.Length == 0 ? $"{kind}" : $"{kind} ({fields})") : fields;
        }
        string rate;
        try
        {
            rate = Words(ScheduleJson.Write(LearningRate));
        }
        catch (ArgumentException)
        {
            rate = LearningRate.GetType().Name;
        }
        return string.Join(" → ", [.. Transforms.Select(transform => TransformJson.Write(transform) is { } json ? Words(json) : transform.GetType().Name), $"lr {rate}"]);
    }

    /// <summary>Plans compare by their transforms, in order, and their learning rates.</summary>
    public bool Equals(OptimizerPlan? other) =>
        other is not null && Transforms.SequenceEqual(other.Transforms) && LearningRate.Equals(other.LearningRate);

    /// <inheritdoc />
    public override int GetHashCode() => Transforms.Aggregate(LearningRate.GetHashCode(), HashCode.Combine);
}
