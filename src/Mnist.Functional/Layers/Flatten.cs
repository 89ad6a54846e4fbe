using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// Merges dimensions <c>StartDim … EndDim</c> into one: with the defaults,
/// <c>x: [B, C, H, W] -> [B, C·H·W]</c>, keeping the batch.
/// </summary>
/// <remarks>Calls <c>torch.flatten</c>, which returns a view when it can. No parameters.</remarks>
/// <param name="StartDim">First dimension to merge; 1 keeps the batch dimension, as PyTorch's <c>nn.Flatten</c>.</param>
/// <param name="EndDim">Last dimension to merge; negative counts from the end.</param>
public sealed record Flatten(int StartDim = 1, int EndDim = -1) : Layer
{
    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        var (start, end) = Dimensions(input.shape);
        return new(input.flatten(start, end), state);
    }

    /// <summary>The input's shape with dimensions <see cref="StartDim"/> to <see cref="EndDim"/> multiplied into one.</summary>
    public override long[] OutputShape(long[] inputShape)
    {
        var (start, end) = Dimensions(inputShape);
        var merged = 1L;
        for (var dimension = start; dimension <= end; dimension++)
            merged = checked(merged * inputShape[dimension]);
        return [.. inputShape[..start], merged, .. inputShape[(end + 1)..]];
    }

    // The merged range as non-negative dimensions of a tensor of this shape.
    private (int Start, int End) Dimensions(long[] shape)
    {
        var rank = shape.Length;
        var (start, end) = (StartDim < 0 ? StartDim + rank : StartDim, EndDim < 0 ? EndDim + rank : EndDim);
        if (start < 0 || end >= rank || start > end)
            throw new ShapeMismatchException("", Describe(), $"a tensor with dimensions {StartDim} to {EndDim}", Shapes.Format(shape));
        return (start, end);
    }

    /// <inheritdoc />
    public override string Describe() => (StartDim, EndDim) == (1, -1) ? "Flatten()" : $"Flatten({StartDim}, {EndDim})";
}
