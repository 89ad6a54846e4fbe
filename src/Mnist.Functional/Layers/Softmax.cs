using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>Softmax along <paramref name="Dim"/>, <c>yᵢ = exp(xᵢ) / Σⱼ exp(xⱼ)</c>: <c>x: [*] -> [*]</c>. Calls <c>torch.nn.functional.softmax</c>.</summary>
/// <param name="Dim">The dimension that sums to 1; 1 (the classes of a [B, classes] batch) by default.</param>
public sealed record Softmax(long Dim = 1) : Layer
{
    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        OutputShape(input.shape);
        return new(nn.functional.softmax(input, Dim), state);
    }

    /// <summary>The input's shape, which has a dimension <see cref="Dim"/>.</summary>
    public override long[] OutputShape(long[] inputShape) => Dimension.Kept(Describe(), inputShape, Dim);

    /// <inheritdoc />
    public override string Describe() => $"Softmax(dim={Dim})";
}
