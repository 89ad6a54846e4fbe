using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>The last stage of a descent: <c>u' = −η(step) · u</c>, with the learning rate η read from a schedule.</summary>
/// <param name="LearningRate">η as a function of the step; a plain number is a constant schedule.</param>
public sealed record ScaleByLearningRate(Schedule LearningRate) : GradientTransform
{
    /// <summary>η at update <paramref name="count"/>, from the schedule.</summary>
    public override double? LearningRateAt(long count) => LearningRate.At(count);

    /// <inheritdoc />
    public override (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count)
    {
        using var scalars = new ScalarScope();
        var scale = scalars.Of(-LearningRate.At(count));
        return (updates.Map(update => update.mul(scale)), state);
    }
}
