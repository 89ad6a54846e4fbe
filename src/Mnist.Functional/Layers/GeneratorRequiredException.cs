namespace Mnist.Functional.Layers;

/// <summary>
/// A layer that draws random numbers (dropout) ran in training mode without a generator. The
/// message names the layer by its path in the model and says how to pass one.
/// </summary>
public sealed class GeneratorRequiredException : InvalidOperationException
{
    /// <summary>Creates the exception for the layer at <paramref name="path"/>.</summary>
    /// <param name="path">The layer's dotted path, or empty at the top level.</param>
    /// <param name="layer">The layer's description, such as <c>Dropout(p=0.5)</c>.</param>
    public GeneratorRequiredException(string path, string layer)
        : base($"Layer {(path.Length == 0 ? "" : path + " ")}({layer}) draws random numbers in training mode, but the mode has no generator: " +
               "pass one with Mode.Train(new Generator(seed)), or use Mode.Eval.")
    {
        (Path, Layer) = (path, layer);
    }

    /// <summary>The layer's dotted path in the model.</summary>
    public string Path { get; }

    /// <summary>The layer's description.</summary>
    public string Layer { get; }

    /// <summary>The same error seen one level up, where the layer is the child called <paramref name="name"/>.</summary>
    public GeneratorRequiredException Under(string name) => new(Path.Length == 0 ? name : $"{name}.{Path}", Layer);
}
