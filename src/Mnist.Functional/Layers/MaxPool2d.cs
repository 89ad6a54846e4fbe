using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// 2-d max pooling, the largest value in each window: <c>x: [B, C, H, W] -> [B, C, H', W']</c> with
/// <c>H' = ⌊(H + 2·pad − dilation·(k − 1) − 1) / stride⌋ + 1</c> (likewise W'; ⌈⌉ with <see cref="CeilMode"/>).
/// </summary>
/// <remarks>Calls <c>torch.nn.functional.max_pool2d</c>. No parameters.</remarks>
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
        if (input.dim() is not (3 or 4))
            throw new ShapeMismatchException("", Describe(), "[B, C, H, W] or [C, H, W]", Shapes.Format(input.shape));
        var output = nn.functional.max_pool2d(input, KernelSize.ToArray(), (Stride ?? KernelSize).ToArray(), Padding.ToArray(), Dilation.ToArray(), CeilMode);
        return new(output, state);
    }

    /// <inheritdoc />
    public override string Describe() => Pooling.Describe("MaxPool2d", KernelSize, Stride, Padding,
        (Dilation != 1, $"dilation={Dilation}"), (CeilMode, "ceil_mode=True"));
}
