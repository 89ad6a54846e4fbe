using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>Log-softmax along <paramref name="Dim"/>, <c>yᵢ = xᵢ − log Σⱼ exp(xⱼ)</c>: <c>x: [*] -> [*]</c>. Calls <c>torch.nn.functional.log_softmax</c>.</summary>
/// <param name="Dim">The dimension normalised over; 1 (the classes of a [B, classes] batch) by default.</param>
public sealed record LogSoftmax(long Dim = 1) : Layer
{
    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        OutputShape(input.shape);
        return new(nn.functional.log_softmax(input, Dim), state);
    }

    /// <summary>The input's shape, which has a dimension <see cref="Dim"/>.</summary>
    public override long[] OutputShape(long[] inputShape) => Dimension.Kept(Describe(), inputShape, Dim);

    /// <inheritdoc />
    public override string Describe() => $"LogSoftmax(dim={Dim})";
}
