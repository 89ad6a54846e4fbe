using System.Globalization;
using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Training;

namespace Mnist.Functional.Models;

/// <summary>How a model is trained: optimizer and schedule, peak learning rate, weight decay, batch size, epochs, label smoothing, momentum and Adam's β.</summary>
/// <param name="Optimizer">The update rule.</param>
/// <param name="LearningRate">The learning rate, or the peak of the schedule.</param>
/// <param name="Schedule">How the learning rate changes over the run.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="WeightDecay">L2 weight decay (decoupled for AdamW).</param>
/// <param name="LabelSmoothing">How much of each one-hot target the cross-entropy loss spreads evenly over all classes: 0 for none.</param>
/// <param name="Momentum">SGD's or RMSProp's momentum; <see langword="null"/> for the optimizer's own (0.9 for SGD, 0 for RMSProp).</param>
/// <param name="Beta1">Adam's or AdamW's β₁, the decay of its first-moment estimate; <see langword="null"/> for the optimizer's own (0.9).</param>
/// <param name="Beta2">Adam's or AdamW's β₂, the decay of its second-moment estimate; <see langword="null"/> for the optimizer's own (0.999).</param>
public sealed record Recipe(
    OptimizerKind Optimizer, double LearningRate, ScheduleKind Schedule, int BatchSize, int Epochs,
    double WeightDecay = 0, double LabelSmoothing = 0, double? Momentum = null, double? Beta1 = null, double? Beta2 = null)
{
    /// <summary>The training loss: cross-entropy from the model's scores, with <see cref="LabelSmoothing"/>.</summary>
    public LossFunction Loss => (outputs, labels) => Losses.Loss.CrossEntropy(outputs, labels, LabelSmoothing);

    /// <summary>
    /// The training setup for <paramref name="network"/>: this recipe's optimizer with its schedule fitted to
    /// <see cref="Epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps, and its loss.
    /// </summary>
    /// <param name="network">The model to train.</param>
    /// <param name="stepsPerEpoch">Batches per epoch.</param>
    /// <param name="seed">Seeds the initial parameters and dropout.</param>
    /// <exception cref="ArgumentException">A momentum or β is given for an optimizer that has none.</exception>
    public TrainingSetup SetupFor(Layer network, long stepsPerEpoch, long seed) =>
        new(network, OptimizerFor(stepsPerEpoch, Epochs), Epochs, seed, Loss);

    /// <summary>The optimizer as a plan: the named optimizer's transforms with this weight decay, momentum and β, scaled by the named schedule peaking at the learning rate.</summary>
    /// <exception cref="ArgumentException">A momentum or β is given for an optimizer that has none.</exception>
    public OptimizerPlan OptimizerPlan => Optimizer.Plan(Schedule.Plan(LearningRate), WeightDecay, Momentum, Beta1, Beta2);

    /// <summary>The optimizer for a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps: <see cref="OptimizerPlan"/> fitted to that run.</summary>
    /// <exception cref="ArgumentException">A momentum or β is given for an optimizer that has none.</exception>
    public Optimizer OptimizerFor(long stepsPerEpoch, int epochs) => OptimizerPlan.Build(RunLength.Of(stepsPerEpoch, epochs));

    /// <summary>The recipe in words: <c>adadelta lr 1, step schedule, batch 64, 14 epochs</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{ByName.Name(Optimizer)} lr {LearningRate:G4}{(Momentum is { } momentum ? $", momentum {momentum:G3}" : "")}{(Beta1 is { } beta1 ? $", β₁ {beta1:G3}" : "")}{(Beta2 is { } beta2 ? $", β₂ {beta2:G4}" : "")}, {ByName.Name(Schedule)} schedule{(WeightDecay > 0 ? $", weight decay {WeightDecay:G3}" : "")}{(LabelSmoothing > 0 ? $", label smoothing {LabelSmoothing:G3}" : "")}, batch {BatchSize}, {Epochs} epoch{(Epochs == 1 ? "" : "s")}");

    /// <summary>Checks the numbers: a positive, finite learning rate, at least one sample per batch and one epoch, weight decay ≥ 0, label smoothing, momentum and β in [0, 1).</summary>
    /// <exception cref="ArgumentException">A number is out of range; the message names it and says what it must be.</exception>
    public Recipe Checked()
    {
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"The learning rate must be a positive number, not {LearningRate.ToString(CultureInfo.InvariantCulture)}.");
        Require(BatchSize >= 1, $"The batch size must be at least 1, not {BatchSize}.");
        Require(Epochs >= 1, $"A run trains at least 1 epoch, not {Epochs}.");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), $"The weight decay must be 0 or more, not {WeightDecay.ToString(CultureInfo.InvariantCulture)}.");
        Require(LabelSmoothing is >= 0 and < 1, $"The label smoothing must be in [0, 1), not {LabelSmoothing.ToString(CultureInfo.InvariantCulture)}.");
        Require(Momentum is null or (>= 0 and < 1), $"The momentum must be in [0, 1), not {Momentum?.ToString(CultureInfo.InvariantCulture)}.");
        Require(Momentum is null || Optimizer is OptimizerKind.Sgd or OptimizerKind.RmsProp, $"{ByName.Name(Optimizer)} has no momentum setting (only sgd and rmsprop have one).");
        Require(Beta1 is null or (>= 0 and < 1), $"β₁ must be in [0, 1), not {Beta1?.ToString(CultureInfo.InvariantCulture)}.");
        Require(Beta2 is null or (>= 0 and < 1), $"β₂ must be in [0, 1), not {Beta2?.ToString(CultureInfo.InvariantCulture)}.");
        Require(Beta1 is null && Beta2 is null || Optimizer is OptimizerKind.Adam or OptimizerKind.AdamW, $"{ByName.Name(Optimizer)} has no β setting (only adam and adamw have them).");
        return this;
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition) throw new ArgumentException(problem);
    }
}
