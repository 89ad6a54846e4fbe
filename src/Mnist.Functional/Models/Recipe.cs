using Mnist.Functional.Optimizers;

namespace Mnist.Functional.Models;

/// <summary>How a zoo model is best trained: the optimizer (with its schedule), the batch size and the number of epochs.</summary>
/// <param name="Optimizer">Makes the optimizer for a run of <c>totalSteps</c> steps with <c>stepsPerEpoch</c> steps per epoch, so that schedules fit the run.</param>
/// <param name="Description">The optimizer and schedule in words, such as <c>Adadelta lr 1.0, ×0.7 per epoch</c>.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="Epochs">Passes over the training data.</param>
public sealed record Recipe(Func<long, long, Optimizer> Optimizer, string Description, int BatchSize, int Epochs)
{
    /// <summary>The optimizer for a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    public Optimizer OptimizerFor(long stepsPerEpoch, int epochs) => Optimizer(stepsPerEpoch * epochs, stepsPerEpoch);
}
