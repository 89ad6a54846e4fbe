using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// How a layer runs: training (with the generator that random layers such as dropout draw from)
/// or evaluation. There is no global training flag; the mode is passed to every call.
/// </summary>
public readonly record struct Mode
{
    private Mode(bool isTraining, Generator? generator) => (IsTraining, Generator) = (isTraining, generator);

    /// <summary>Evaluation: dropout passes inputs through, batch norm reads its running statistics.</summary>
    public static Mode Eval { get; } = new(false, null);

    /// <summary>Training, drawing randomness from <paramref name="generator"/>.</summary>
    public static Mode Train(Generator generator) => new(true, generator ?? throw new ArgumentNullException(nameof(generator)));

    /// <summary>Whether this is training mode.</summary>
    public bool IsTraining { get; }

    /// <summary>The generator random layers draw from in training mode; <see langword="null"/> in evaluation.</summary>
    public Generator? Generator { get; }

    /// <inheritdoc />
    public override string ToString() => IsTraining ? "train" : "eval";
}
