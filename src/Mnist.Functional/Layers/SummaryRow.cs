namespace Mnist.Functional.Layers;

/// <summary>One layer in a <see cref="Summary"/>.</summary>
/// <param name="Path">The layer's dotted path in the model, such as <c>3</c> or <c>block.fn.0</c>.</param>
/// <param name="Layer">The layer's description, such as <c>Conv2d(1, 32, 3)</c>.</param>
/// <param name="OutputShape">The shape the layer returned for the summary's input.</param>
/// <param name="Parameters">Trainable scalars in the layer, its children's included.</param>
/// <param name="MultiplyAdds">Multiply-adds per sample in the layer, its children's included (see <see cref="Layers.Layer.MultiplyAddsPerSample"/>).</param>
/// <param name="IsComposite">Whether the layer is built from children, which have rows of their own below it.</param>
public sealed record SummaryRow(string Path, string Layer, long[] OutputShape, long Parameters, long MultiplyAdds, bool IsComposite)
{
    /// <summary>How deeply the layer is nested: 0 for a child of the model, 1 for a grandchild, ….</summary>
    public int Depth => Path.Count(character => character == '.');
}
