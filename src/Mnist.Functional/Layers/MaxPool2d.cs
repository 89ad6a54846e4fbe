using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// 2-d max pooling, the largest value in each window: <c>x: [B, C, H, W] -> [B, C, H', W']</c> with
/// <c>H' = ⌊(H + 2·pad − dilation·(k − 1) − 1) / stride⌋ + 1</c> (likewise W'; ⌈⌉ with <see cref="CeilMode"/>).
/// </summary>
/// <remarks>
/// <para>No parameters. The values and gradients are those of <c>torch.nn.functional.max_pool2d</c>; on the
/// CPU two faster routes give them:</para>
/// <list type="bullet">
/// <item>With no gradient to track (evaluation, <c>no_grad</c>) and windows that tile the input (stride equal to
/// the kernel, no padding or dilation), the maximum of each window is taken with element-wise
/// <c>maximum</c> over strided views, which skips libtorch's NCHW kernel, the slow one for MNIST's 2×2 pools.</item>
/// <item>Otherwise a <c>[B, C, H, W]</c> input is pooled in channels-last memory order, whose libtorch kernel
/// vectorises over channels, faster forward and backward than NCHW's even with the copy (docs/speed.md measures both routes).</item>
/// </list>
/// </remarks>
/// <param name="KernelSize">The window's (height, width); an <see langword="int"/> for a square window.</param>
public sealed record MaxPool2d(Size2d KernelSize) : Layer
{
    /// <summary>Step between windows; the kernel size when <see langword="null"/> (the default), as in PyTorch.</summary>
    public Size2d? Stride { get; init; }

    /// <summary>Implicit −∞ padding on both sides of each axis; at most half the kernel. 0 by default.</summary>
    public Size2d Padding { get; init; } = 0;

    /// <summary>Spacing between window elements; 1 by default.</summary>
    public Size2d Dilation { get; init; } = 1;

    /// <summary>Whether to round the output size up, so a partial window at the edge counts.</summary>
    public bool CeilMode { get; init; }

    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        OutputShape(input.shape);
        return new(Pool(input), state);
    }

    /// <summary><c>[B, C, H', W']</c> with H' and W' as in the summary; an input too small for one window is refused.</summary>
    public override long[] OutputShape(long[] inputShape) =>
        Pooling.OutputShape(Describe(), inputShape, KernelSize, Stride ?? KernelSize, Padding, Dilation, CeilMode);

    private Tensor Pool(Tensor input)
    {
        if (input.device_type != TorchSharp.DeviceType.CPU)
            return PoolWithLibtorch(input);
        if (TilesWithoutGradient(input))
            return TileMaximum(input);
        if (input.dim() == 4)
            return PoolWithLibtorch(ChannelsLast(input)).contiguous();
        return PoolWithLibtorch(input);
    }

    private Tensor PoolWithLibtorch(Tensor input) =>
        nn.functional.max_pool2d(input, KernelSize.ToArray(), (Stride ?? KernelSize).ToArray(), Padding.ToArray(), Dilation.ToArray(), CeilMode);

    // maximum's gradient splits ties where max_pool2d's picks one element, so this route is only for values.
    private bool TilesWithoutGradient(Tensor input) =>
        (Stride ?? KernelSize) == KernelSize && Padding == 0 && Dilation == 1 && !CeilMode &&
        !(is_grad_enabled() && input.requires_grad) &&
        input.size(-2) >= KernelSize.Height && input.size(-1) >= KernelSize.Width;

    // Whole windows only (the floor of the output size), each the maximum of its kh·kw strided slices.
    private Tensor TileMaximum(Tensor input)
    {
        var (kernelHeight, kernelWidth) = (KernelSize.Height, KernelSize.Width);
        var (outputHeight, outputWidth) = (input.size(-2) / kernelHeight, input.size(-1) / kernelWidth);
        long[] leading = input.shape[..^2];
        var windows = input.narrow(-2, 0, outputHeight * kernelHeight).narrow(-1, 0, outputWidth * kernelWidth)
            .reshape([.. leading, outputHeight, kernelHeight, outputWidth, kernelWidth]);
        var rows = windows.select(-3, 0);
        for (var i = 1; i < kernelHeight; i++)
            rows = maximum(rows, windows.select(-3, i));
        var result = rows.select(-1, 0);
        for (var j = 1; j < kernelWidth; j++)
            result = maximum(result, rows.select(-1, j));
        return result;
    }

    private static Tensor ChannelsLast(Tensor input) => input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    /// <inheritdoc />
    public override string Describe() => Pooling.Describe("MaxPool2d", KernelSize, Stride, Padding,
        (Dilation != 1, $"dilation={Dilation}"), (CeilMode, "ceil_mode=True"));
}
