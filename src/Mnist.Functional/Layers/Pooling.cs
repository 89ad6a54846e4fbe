using Mnist.Functional.Tensors;

namespace Mnist.Functional.Layers;

/// <summary>What the pooling layers share: how they describe their settings and the output size libtorch gives them.</summary>
internal static class Pooling
{
    /// <summary><c>MaxPool2d(2)</c>, with only the settings that differ from PyTorch's defaults after the kernel size.</summary>
    public static string Describe(string name, Size2d kernelSize, Size2d? stride, Size2d padding, params (bool Differs, string Text)[] more)
    {
        var settings = new List<string> { kernelSize.ToString() };
        if (stride is { } step && step != kernelSize) settings.Add($"stride={step}");
        if (padding != 0) settings.Add($"padding={padding}");
        settings.AddRange(more.Where(setting => setting.Differs).Select(setting => setting.Text));
        return $"{name}({string.Join(", ", settings)})";
    }

    /// <summary>
    /// The shape a 2-d pooling window gives an input of <paramref name="inputShape"/> (<c>[B, C, H, W]</c> or <c>[C, H, W]</c>),
    /// refusing what libtorch's <c>pool2d_shape_check</c> refuses: sizes below 1, padding over half the kernel, an output
    /// smaller than 1 × 1.
    /// </summary>
    /// <remarks>
    /// Each axis follows libtorch's <c>pooling_output_shape</c>: <c>⌊(H + 2·pad − dilation·(k − 1) − 1 (+ stride − 1 with
    /// ceil mode)) / stride⌋ + 1</c>, and with ceil mode one less when the last window would start inside the right padding.
    /// </remarks>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    /// <exception cref="ShapeMismatchException">The input has the wrong rank or is too small for one window.</exception>
    public static long[] OutputShape(string layer, long[] inputShape, Size2d kernelSize, Size2d stride, Size2d padding, Size2d dilation, bool ceilMode)
    {
        if (!kernelSize.AtLeast(1) || !stride.AtLeast(1) || !dilation.AtLeast(1) || !padding.AtLeast(0))
            throw new ArgumentException($"{layer}: kernel size, stride and dilation must be positive and padding not negative.");
        if (padding.Height > kernelSize.Height / 2 || padding.Width > kernelSize.Width / 2)
            throw new ArgumentException($"{layer}: the padding may be at most half the kernel size, as in PyTorch.");
        if (inputShape.Length is not (3 or 4))
            throw new ShapeMismatchException("", layer, "[B, C, H, W] or [C, H, W]", Shapes.Format(inputShape));
        var (height, width) = (inputShape[^2], inputShape[^1]);
        var outputHeight = Along(height, kernelSize.Height, stride.Height, padding.Height, dilation.Height, ceilMode);
        var outputWidth = Along(width, kernelSize.Width, stride.Width, padding.Width, dilation.Width, ceilMode);
        if (height < 1 || width < 1 || outputHeight < 1 || outputWidth < 1)
        {
            var minimumHeight = Smallest(kernelSize.Height, stride.Height, padding.Height, dilation.Height, ceilMode);
            var minimumWidth = Smallest(kernelSize.Width, stride.Width, padding.Width, dilation.Width, ceilMode);
            throw new ShapeMismatchException("", layer, $"[B, C, H, W] with H ≥ {minimumHeight}, W ≥ {minimumWidth}", Shapes.Format(inputShape));
        }
        return [.. inputShape[..^2], outputHeight, outputWidth];
    }

    private static long Along(long size, long kernel, long stride, long padding, long dilation, bool ceilMode)
    {
        var output = FloorDivide(size + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0), stride) + 1;
        return ceilMode && (output - 1) * stride >= size + padding ? output - 1 : output;
    }

    // The least size (at least 1) that gives one window.
    private static long Smallest(long kernel, long stride, long padding, long dilation, bool ceilMode) =>
        Math.Max(1, dilation * (kernel - 1) + 1 - 2 * padding - (ceilMode ? stride - 1 : 0));

    private static long FloorDivide(long numerator, long denominator) =>
        numerator / denominator - (numerator % denominator != 0 && (numerator < 0) != (denominator < 0) ? 1 : 0);
}
