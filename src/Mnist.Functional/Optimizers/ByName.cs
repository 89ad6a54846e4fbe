using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Optimizers;

/// <summary>Optimizers and learning-rate schedules by name, as the command line and saved run configurations give them.</summary>
public static class ByName
{
    /// <summary>The optimizer names: <c>sgd</c> (Nesterov momentum 0.9), <c>adam</c>, <c>adamw</c>, <c>adadelta</c>, <c>rmsprop</c>.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = ["sgd", "adam", "adamw", "adadelta", "rmsprop"];

    /// <summary>
    /// The schedule names: <c>constant</c>; <c>step</c> (×0.7 after every epoch); <c>exponential</c> (×0.9 per epoch,
    /// applied smoothly per step); <c>cosine</c> (to 0 over the run); <c>onecycle</c> (PyTorch's one-cycle over the run).
    /// </summary>
    public static IReadOnlyList<string> Schedules { get; } = ["constant", "step", "exponential", "cosine", "onecycle"];

    /// <summary>The optimizer called <paramref name="name"/>, with <paramref name="schedule"/> as its learning rate.</summary>
    /// <exception cref="ArgumentException">No optimizer has that name; the message lists the names there are.</exception>
    public static Optimizer Optimizer(string name, Schedule schedule, double weightDecay = 0) => name.ToLowerInvariant() switch
    {
        "sgd" => new Sgd(schedule, Momentum: 0.9, Nesterov: true, WeightDecay: weightDecay),
        "adam" => new Adam(schedule, WeightDecay: weightDecay),
        "adamw" => new AdamW(schedule, WeightDecay: weightDecay == 0 ? 1e-2 : weightDecay),
        "adadelta" => new Adadelta(schedule, WeightDecay: weightDecay),
        "rmsprop" => new RmsProp(schedule, WeightDecay: weightDecay),
        _ => throw new ArgumentException($"There is no optimizer '{name}'. Choose one of: {string.Join(", ", Optimizers)}.", nameof(name)),
    };

    /// <summary>The schedule called <paramref name="name"/> peaking at <paramref name="learningRate"/>, fitted to a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    /// <exception cref="ArgumentException">No schedule has that name; the message lists the names there are.</exception>
    public static Schedule Schedule(string name, double learningRate, long stepsPerEpoch, int epochs)
    {
        var totalSteps = Math.Max(1, stepsPerEpoch * epochs);
        return name.ToLowerInvariant() switch
        {
            "constant" => new Constant(learningRate),
            "step" => new StepDecay(learningRate, Math.Max(1, stepsPerEpoch), 0.7),
            "exponential" => new ExponentialDecay(learningRate, Math.Pow(0.9, 1.0 / Math.Max(1, stepsPerEpoch))),
            "cosine" => new CosineDecay(learningRate, totalSteps),
            "onecycle" => new OneCycle(learningRate, totalSteps),
            _ => throw new ArgumentException($"There is no schedule '{name}'. Choose one of: {string.Join(", ", Schedules)}.", nameof(name)),
        };
    }

    /// <summary>A learning rate that suits each optimizer when none is given.</summary>
    public static double DefaultLearningRate(string optimizer) => optimizer.ToLowerInvariant() switch
    {
        "sgd" => 0.05,
        "adadelta" => 1.0,
        _ => 1e-3,
    };
}
