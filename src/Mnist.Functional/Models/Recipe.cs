using System.Globalization;
using System.Text.Json.Serialization;
using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Training;

namespace Mnist.Functional.Models;

/// <summary>How a model is trained: optimizer and schedule by name, peak learning rate, weight decay, batch size, epochs and label smoothing.</summary>
/// <param name="Optimizer">One of <see cref="ByName.Optimizers"/>.</param>
/// <param name="LearningRate">The learning rate, or the peak of the schedule.</param>
/// <param name="Schedule">One of <see cref="ByName.Schedules"/>.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="WeightDecay">L2 weight decay (decoupled for AdamW).</param>
/// <param name="LabelSmoothing">How much of each one-hot target the cross-entropy loss spreads evenly over all classes: 0 for none.</param>
public sealed record Recipe(string Optimizer, double LearningRate, string Schedule, int BatchSize, int Epochs, double WeightDecay = 0, double LabelSmoothing = 0)
{
    /// <summary>The training loss: cross-entropy from the model's scores, with <see cref="LabelSmoothing"/>.</summary>
    [JsonIgnore]
    public LossFunction Loss => (outputs, labels) => Losses.Loss.CrossEntropy(outputs, labels, LabelSmoothing);

    /// <summary>
    /// The training setup for <paramref name="network"/>: this recipe's optimizer with its schedule fitted to
    /// <see cref="Epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps, and its loss.
    /// </summary>
    /// <param name="network">The model to train.</param>
    /// <param name="stepsPerEpoch">Batches per epoch.</param>
    /// <param name="seed">Seeds the initial parameters and dropout.</param>
    /// <exception cref="ArgumentException">The optimizer or schedule name is unknown.</exception>
    public TrainingSetup SetupFor(Layer network, long stepsPerEpoch, long seed) =>
        new(network, OptimizerFor(stepsPerEpoch, Epochs), Epochs, seed, Loss);

    /// <summary>The optimizer for a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps, its schedule fitted to that run.</summary>
    /// <exception cref="ArgumentException">The optimizer or schedule name is unknown.</exception>
    public Optimizer OptimizerFor(long stepsPerEpoch, int epochs) =>
        ByName.Optimizer(Optimizer, ByName.Schedule(Schedule, LearningRate, stepsPerEpoch, epochs), WeightDecay);

    /// <summary>The recipe in words: <c>adadelta lr 1, step schedule, batch 64, 14 epochs</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Optimizer} lr {LearningRate:G4}, {Schedule} schedule{(WeightDecay > 0 ? $", weight decay {WeightDecay:G3}" : "")}{(LabelSmoothing > 0 ? $", label smoothing {LabelSmoothing:G3}" : "")}, batch {BatchSize}, {Epochs} epoch{(Epochs == 1 ? "" : "s")}");
}
