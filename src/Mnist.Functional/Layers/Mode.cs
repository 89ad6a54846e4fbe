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

    /// <summary>Training without a generator, for models that draw no random numbers; a layer that does (dropout) refuses to run.</summary>
    public static Mode Train() => new(true, null);

    /// <summary>Whether this is training mode.</summary>
    public bool IsTraining { get; }

    /// <summary>The generator random layers draw from in training mode; <see langword="null"/> in evaluation.</summary>
    public Generator? Generator { get; }

    /// <summary>Sees every child call a composite layer makes (for summaries); <see langword="null"/> in ordinary runs.</summary>
    internal ILayerObserver? Observer { get; private init; }

    /// <summary>The dotted path of the layer running in this mode, tracked only while observed.</summary>
    internal string Path { get => field ?? ""; private init; }

    /// <summary>This mode, watched by <paramref name="observer"/>.</summary>
    internal Mode ObservedBy(ILayerObserver observer) => this with { Observer = observer, Path = "" };

    /// <summary>The mode a composite passes to its child called <paramref name="name"/>.</summary>
    internal Mode Within(string name) => Observer is null ? this : this with { Path = Path.Length == 0 ? name : $"{Path}.{name}" };

    /// <inheritdoc />
    public override string ToString() => IsTraining ? "train" : "eval";
}
