namespace Mnist.Functional.Layers;

/// <summary>
/// How large an architecture may be, so that a hostile or mistaken file cannot take the machine's memory or stack: the
/// reader and <see cref="ArchitectureCheck"/> refuse anything larger, naming the limit, before a tensor is made.
/// </summary>
/// <param name="MaxParameters">The most trainable numbers (weights, biases, batch-norm scales) the network may hold.</param>
/// <param name="MaxActivationsPerSample">The most numbers any one layer may output for one sample.</param>
/// <param name="MaxDepth">The deepest nesting of layers: 1 for a single layer, 2 for a sequential of layers, 3 for a residual block inside it, ….</param>
/// <param name="MaxLayers">The most layers in all, composites included.</param>
/// <param name="MaxBytes">The longest JSON text, in bytes (in characters for a string).</param>
public sealed record ArchitectureLimits(
    long MaxParameters = 50_000_000, long MaxActivationsPerSample = 4_194_304, int MaxDepth = 16, int MaxLayers = 1_000, int MaxBytes = 1 << 20)
{
    /// <summary>The limits the library uses unless told otherwise: 50 million parameters, 4,194,304 numbers per sample per layer, 16 levels, 1,000 layers, 1 MiB.</summary>
    public static ArchitectureLimits Default { get; } = new();

    /// <summary>The JSON nesting the reader allows: two levels per level of layers (an object and its list), and room for sizes and initialisers.</summary>
    public int MaxJsonDepth => 2 * MaxDepth + 4;
}
