using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;

namespace Mnist.Functional.Training;

/// <summary>What to train and how: the model, the optimizer (with its schedule), the loss, the number of epochs and the seed.</summary>
/// <param name="Model">The network.</param>
/// <param name="Optimizer">The update rule, with its learning-rate schedule counted in steps.</param>
/// <param name="Epochs">How many passes over the training data in all (a resumed run continues up to this number).</param>
/// <param name="Seed">Seeds the generator that initialises the parameters and drives dropout.</param>
/// <param name="Loss">The training loss; <see langword="null"/> for cross-entropy, which also fits models ending in log-softmax.</param>
public sealed record TrainingSetup(Layer Model, Optimizer Optimizer, int Epochs, long Seed = 0, LossFunction? Loss = null)
{
    /// <summary>The loss used, cross-entropy unless another was given.</summary>
    public LossFunction LossOrDefault => Loss ?? ((outputs, labels) => Losses.Loss.CrossEntropy(outputs, labels));

    /// <summary>What the fold does for the process beside the maths; <see cref="Training.Housekeeping.Default"/> unless the host gives its own.</summary>
    public Housekeeping Housekeeping { get; init; } = Housekeeping.Default;

    /// <summary>
    /// What each step trains on in place of its batch's images, made against the current variables (adversarial
    /// training); <see langword="null"/> to train on the images as the pipeline gives them.
    /// </summary>
    public BatchTransform? BatchTransform { get; init; }

    /// <summary>
    /// Lowers the optimizer's learning rate when the watched metric stops improving, its factor read from the history at
    /// each step (<see cref="ReduceOnPlateau.ScaleAfter"/>); <see langword="null"/> to follow the optimizer's schedule alone.
    /// </summary>
    public ReduceOnPlateau? Plateau { get; init; }
}
