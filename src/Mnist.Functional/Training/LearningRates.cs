using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.Functional.Training;

/// <summary>Reads the learning rate an optimizer uses at a step, for progress and history.</summary>
public static class LearningRates
{
    /// <summary>η at <paramref name="step"/>: the schedule of the optimizer's <see cref="ScaleByLearningRate"/> stage, or NaN when it has none.</summary>
    public static double LearningRateAt(this Optimizer optimizer, long step) =>
        Stages(optimizer.Transform).OfType<ScaleByLearningRate>().Select(stage => stage.LearningRate.At(step)).DefaultIfEmpty(double.NaN).First();

    private static IEnumerable<GradientTransform> Stages(GradientTransform transform) =>
        transform is ChainedTransform chain ? chain.Stages.SelectMany(Stages) : [transform];
}
