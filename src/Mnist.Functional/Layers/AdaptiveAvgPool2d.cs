using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// 2-d average pooling to a fixed output size, whatever the input's: <c>x: [B, C, H, W] -> [B, C, outH, outW]</c>;
/// output cell i averages input rows <c>⌊i·H/outH⌋ … ⌈(i+1)·H/outH⌉ − 1</c> (likewise columns).
/// </summary>
/// <remarks>Calls <c>torch.nn.functional.adaptive_avg_pool2d</c>. No parameters. <c>AdaptiveAvgPool2d(1)</c> is global average pooling.</remarks>
/// <param name="OutputSize">The output's (height, width); an <see langword="int"/> for a square output.</param>
public sealed record AdaptiveAvgPool2d(Size2d OutputSize) : Layer
{
    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        OutputShape(input.shape);
        return new(nn.functional.adaptive_avg_pool2d(input, OutputSize.ToArray()), state);
    }

    /// <summary><c>[B, C, outH, outW]</c>, whatever the input's height and width (at least 1 each).</summary>
    public override long[] OutputShape(long[] inputShape)
    {
        if (!OutputSize.AtLeast(1))
            throw new ArgumentException($"{Describe()}: the output size must be positive.");
        if (inputShape.Length is not (3 or 4) || inputShape[^2] < 1 || inputShape[^1] < 1)
            throw new ShapeMismatchException("", Describe(), "[B, C, H, W] or [C, H, W] with H, W ≥ 1", Shapes.Format(inputShape));
        return [.. inputShape[..^2], OutputSize.Height, OutputSize.Width];
    }

    /// <inheritdoc />
    public override string Describe() => $"AdaptiveAvgPool2d({OutputSize})";
}
