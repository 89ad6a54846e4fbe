namespace Mnist.Functional.Layers;

/// <summary>
/// A model holds a layer that has no JSON form: a <see cref="Lambda"/> (a C# function) or a layer type of the user's
/// own. Such a model trains in code, but cannot be saved as an architecture; the message names the layer's path.
/// </summary>
public sealed class UndescribableLayerException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="layer"/> at <paramref name="path"/>.</summary>
    /// <param name="path">The layer's dotted path in the model, or empty for the model itself.</param>
    /// <param name="layer">The layer.</param>
    public UndescribableLayerException(string path, Layer layer)
        : base($"Layer {(path.Length == 0 ? "" : path + " ")}({layer.Describe()}) has no JSON form: " +
               (layer is Lambda
                   ? "it is a C# function, which no file can describe. Use one of the library's layers in its place (Nn.Relu, Gelu, Silu, Tanh, Sigmoid, LeakyRelu, …), or keep this model in code."
                   : $"{layer.GetType().Name} is not one of the layer kinds the architecture's JSON form knows ({string.Join(", ", LayerKinds.Names)}). Build the model from those, or keep it in code."))
    {
        (Path, Layer) = (path, layer.Describe());
    }

    /// <summary>The layer's dotted path in the model.</summary>
    public string Path { get; }

    /// <summary>The layer's description.</summary>
    public string Layer { get; }
}
