using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// 2-d average pooling, the mean of each window: <c>x: [B, C, H, W] -> [B, C, H', W']</c> with
/// <c>H' = ⌊(H + 2·pad − k) / stride⌋ + 1</c> (likewise W'; ⌈⌉ with <see cref="CeilMode"/>).
/// </summary>
/// <remarks>Calls <c>torch.nn.functional.avg_pool2d</c>. No parameters.</remarks>
/// <param name="KernelSize">The window's (height, width); an <see langword="int"/> for a square window.</param>
public sealed record AvgPool2d(Size2d KernelSize) : Layer
{
    /// <summary>Step between windows; the kernel size when <see langword="null"/> (the default), as in PyTorch.</summary>
    public Size2d? Stride { get; init; }

    /// <summary>Zero padding on both sides of each axis; at most half the kernel. 0 by default.</summary>
    public Size2d Padding { get; init; } = 0;

    /// <summary>Whether to round the output size up, so a partial window at the edge counts.</summary>
    public bool CeilMode { get; init; }

    /// <summary>Whether padded zeros count in a window's divisor (PyTorch's default, <see langword="true"/>).</summary>
    public bool CountIncludePad { get; init; } = true;

    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        OutputShape(input.shape);
        var output = nn.functional.avg_pool2d(input, KernelSize.ToArray(), (Stride ?? KernelSize).ToArray(), Padding.ToArray(), CeilMode, CountIncludePad);
        return new(output, state);
    }

    /// <summary><c>[B, C, H', W']</c> with H' and W' as in the summary; an input too small for one window is refused.</summary>
    public override long[] OutputShape(long[] inputShape) =>
        Pooling.OutputShape(Describe(), inputShape, KernelSize, Stride ?? KernelSize, Padding, 1, CeilMode);

    /// <inheritdoc />
    public override string Describe() => Pooling.Describe("AvgPool2d", KernelSize, Stride, Padding,
        (CeilMode, "ceil_mode=True"), (!CountIncludePad, "count_include_pad=False"));
}
