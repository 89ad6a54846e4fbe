namespace Mnist.Functional.Onnx;

/// <summary>A layer of the model has no ONNX form. The message names the layer by its path and says why.</summary>
public sealed class OnnxExportException : ArgumentException
{
    /// <summary>Creates the exception for the layer at <paramref name="path"/> described as <paramref name="layer"/>.</summary>
    /// <param name="path">The layer's dotted path in the model, such as <c>3</c> or <c>fn.1</c>; empty for the whole model.</param>
    /// <param name="layer">The layer as it describes itself, such as <c>MaxPool2d(3, ceil_mode=True)</c>.</param>
    /// <param name="reason">Why it cannot be exported and what to do instead.</param>
    public OnnxExportException(string path, string layer, string reason)
        : base($"Layer {(path.Length == 0 ? "" : $"{path} ")}({layer}) cannot be exported to ONNX: {reason}")
    {
        Path = path;
        Layer = layer;
    }

    /// <summary>The layer's dotted path in the model.</summary>
    public string Path { get; }

    /// <summary>The layer as it describes itself.</summary>
    public string Layer { get; }
}
