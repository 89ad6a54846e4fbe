using System.Globalization;
using Mnist.Functional.Optimizers;

namespace Mnist.Functional.Models;

/// <summary>How a model is trained: optimizer and schedule by name, peak learning rate, weight decay, batch size and epochs.</summary>
/// <param name="Optimizer">One of <see cref="OptimizerChoice.Optimizers"/>.</param>
/// <param name="LearningRate">The learning rate, or the peak of the schedule.</param>
/// <param name="Schedule">One of <see cref="OptimizerChoice.Schedules"/>.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="WeightDecay">L2 weight decay (decoupled for AdamW).</param>
public sealed record Recipe(string Optimizer, double LearningRate, string Schedule, int BatchSize, int Epochs, double WeightDecay = 0)
{
    /// <summary>The optimizer for a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps, its schedule fitted to that run.</summary>
    /// <exception cref="ArgumentException">The optimizer or schedule name is unknown.</exception>
    public Optimizer OptimizerFor(long stepsPerEpoch, int epochs) =>
        OptimizerChoice.Build(Optimizer, OptimizerChoice.Schedule(Schedule, LearningRate, stepsPerEpoch, epochs), WeightDecay);

    /// <summary>The recipe in words: <c>adadelta lr 1, step schedule, batch 64, 14 epochs</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Optimizer} lr {LearningRate:G4}, {Schedule} schedule{(WeightDecay > 0 ? $", weight decay {WeightDecay:G3}" : "")}, batch {BatchSize}, {Epochs} epochs");
}
