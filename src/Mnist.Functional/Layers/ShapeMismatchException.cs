namespace Mnist.Functional.Layers;

/// <summary>
/// A layer got an input whose shape it cannot take. The message names the layer by its path in
/// the model (<c>features.2 (Conv2d(32, 64, 3))</c>) and gives the expected and actual shapes.
/// </summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception for the layer at <paramref name="path"/>.</summary>
    /// <param name="path">The layer's dotted path, or empty at the top level.</param>
    /// <param name="layer">The layer's description, such as <c>Linear(9216, 128)</c>.</param>
    /// <param name="expected">The shape the layer accepts, in words: <c>[B, 9216]</c>.</param>
    /// <param name="actual">The shape it got: <c>[64, 1600]</c>.</param>
    /// <param name="subject">What has the wrong shape, in words: <c>input</c>, or <c>the output of fn</c> for a residual block.</param>
    public ShapeMismatchException(string path, string layer, string expected, string actual, string subject = "input")
        : base($"Layer {(path.Length == 0 ? "" : path + " ")}({layer}) expects {subject} of shape {expected} but got {actual}.")
    {
        (Path, Layer, Expected, Actual, Subject) = (path, layer, expected, actual, subject);
    }

    /// <summary>The layer's dotted path in the model.</summary>
    public string Path { get; }

    /// <summary>The layer's description.</summary>
    public string Layer { get; }

    /// <summary>The shape the layer accepts.</summary>
    public string Expected { get; }

    /// <summary>The shape it got.</summary>
    public string Actual { get; }

    /// <summary>What has the wrong shape: <c>input</c> unless a layer checks something it made.</summary>
    public string Subject { get; }

    /// <summary>The same error seen one level up, where the layer is the child called <paramref name="name"/>.</summary>
    public ShapeMismatchException Under(string name) =>
        new(Path.Length == 0 ? name : $"{name}.{Path}", Layer, Expected, Actual, Subject);
}
