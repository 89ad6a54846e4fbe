using Mnist.Functional.Initializers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// A 2-d convolution, <c>y = W ⋆ x + b</c>: <c>x: [B, C_in, H, W] -> y: [B, C_out, H', W']</c> with
/// <c>H' = ⌊(H + 2·pad − dilation·(k − 1) − 1) / stride⌋ + 1</c> (likewise W'),
/// <c>weight: [C_out, C_in/groups, kH, kW]</c> and <c>bias: [C_out]</c>.
/// </summary>
/// <remarks>
/// Calls <c>torch.nn.functional.conv2d</c>. Initialised as PyTorch's <c>nn.Conv2d</c>: weight and bias
/// uniform in ±1/√fan_in with <c>fan_in = C_in/groups · kH · kW</c> (<see cref="Init.TorchDefault"/>).
/// Change the other settings with <c>with</c>: <c>new Conv2d(1, 32, 3) with { Padding = Padding2d.Same }</c>.
/// </remarks>
/// <param name="InChannels">Channels of the input, <c>C_in</c>.</param>
/// <param name="OutChannels">Channels of the output, <c>C_out</c>.</param>
/// <param name="KernelSize">The kernel's (height, width); an <see langword="int"/> for a square kernel.</param>
public sealed record Conv2d(int InChannels, int OutChannels, Size2d KernelSize) : Layer
{
    /// <summary>Step between kernel positions; 1 by default.</summary>
    public Size2d Stride { get; init; } = 1;

    /// <summary>Zero padding: explicit amounts (0 by default) or <see cref="Padding2d.Same"/> (stride 1 only).</summary>
    public Padding2d Padding { get; init; } = Padding2d.Valid;

    /// <summary>Spacing between kernel elements; 1 by default.</summary>
    public Size2d Dilation { get; init; } = 1;

    /// <summary>Channel groups convolved separately; both channel counts must divide by it. 1 by default.</summary>
    public int Groups { get; init; } = 1;

    /// <summary>Whether to add a learned bias per output channel.</summary>
    public bool HasBias { get; init; } = true;

    /// <summary>How the weight is initialised; PyTorch's default unless replaced with <c>with { WeightInit = … }</c>.</summary>
    public Initializer WeightInit { get; init; } = Initializers.Init.TorchDefault;

    /// <summary>How the bias is initialised, given the weight's fan; PyTorch's default unless replaced.</summary>
    public Initializer BiasInit { get; init; } = Initializers.Init.TorchDefault;

    /// <inheritdoc />
    public override Variables Init(Generator generator)
    {
        RequireValidSettings();
        return WeightAndBias.Init([OutChannels, InChannels / Groups, KernelSize.Height, KernelSize.Width], HasBias, WeightInit, BiasInit, generator);
    }

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        RequireValidSettings();
        RequireAcceptable(input.shape);
        var bias = HasBias ? parameters["bias"] : null;
        var (padded, padding) = Padding.IsSame ? PadForSame(input) : (input, Padding.Amount.ToArray());
        var (weight, paddedBias, channels) = WithWholeChannelBlocks(parameters["weight"], bias, input);
        var output = nn.functional.conv2d(padded, weight, paddedBias, Stride.ToArray(), padding, Dilation.ToArray(), Groups);
        return new(channels == OutChannels ? output : output.narrow(1, 0, OutChannels), state);
    }

    /// <summary>Output channels are padded to a multiple of this when a gradient with respect to the input is wanted.</summary>
    internal const int ChannelBlock = 16;

    // libtorch 2.10's float32 CPU convolution gives a wrong gradient with respect to its input when the batch has more
    // than one sample and the output channels are not a whole number of its vector blocks (16 with AVX-512, 8 with
    // AVX2): for Conv2d(1, 4, 3) on 6 digits it is off by 13 where the gradient is at most 18 (float64 is right, and so
    // is the gradient with respect to the weight). Zero weights up to a multiple of 16 channels give the same output,
    // bit for bit, and the right input gradient; only then is the work spent (attacks and saliency maps ask for it;
    // training asks for it only in layers after the first, and the zoo's have 16 or more channels there).
    private (Tensor Weight, Tensor? Bias, long Channels) WithWholeChannelBlocks(Tensor weight, Tensor? bias, Tensor input)
    {
        if (OutChannels % ChannelBlock == 0 || Groups != 1 || !input.requires_grad || !is_grad_enabled() || input.device_type != TorchSharp.DeviceType.CPU)
            return (weight, bias, OutChannels);
        var extra = ChannelBlock - (OutChannels % ChannelBlock);
        return (nn.functional.pad(weight, [0, 0, 0, 0, 0, 0, 0, extra]), bias is null ? null : nn.functional.pad(bias, [0, extra]), OutChannels + extra);
    }

    /// <summary><c>[B, C_out, H', W']</c>, with H' and W' as in the summary (the input's own with <see cref="Padding2d.Same"/>).</summary>
    public override long[] OutputShape(long[] inputShape)
    {
        RequireValidSettings();
        RequireAcceptable(inputShape);
        if (Padding.IsSame)
            return [inputShape[0], OutChannels, inputShape[2], inputShape[3]];
        return [inputShape[0], OutChannels,
                (inputShape[2] + 2L * Padding.Amount.Height - Reach.Height) / Stride.Height + 1,
                (inputShape[3] + 2L * Padding.Amount.Width - Reach.Width) / Stride.Width + 1];
    }

    /// <summary>C_in/groups × kH × kW for every output element of a sample.</summary>
    public override long MultiplyAddsPerSample(long[] inputShape, long[] outputShape) =>
        Shapes.ElementsPerSample(outputShape) * (InChannels / Groups) * KernelSize.Height * KernelSize.Width;

    /// <inheritdoc />
    public override string Describe()
    {
        var settings = new List<string> { $"{InChannels}", $"{OutChannels}", $"{KernelSize}" };
        if (Stride != 1) settings.Add($"stride={Stride}");
        if (Padding != Padding2d.Valid) settings.Add($"padding={Padding}");
        if (Dilation != 1) settings.Add($"dilation={Dilation}");
        if (Groups != 1) settings.Add($"groups={Groups}");
        if (!HasBias) settings.Add("bias=False");
        return $"Conv2d({string.Join(", ", settings)})";
    }

    // The span of one kernel application, d·(k − 1) + 1, along each axis.
    private Size2d Reach => new(Dilation.Height * (KernelSize.Height - 1) + 1, Dilation.Width * (KernelSize.Width - 1) + 1);

    private void RequireAcceptable(long[] shape)
    {
        var expected = $"[B, {InChannels}, H, W]";
        if (shape.Length != 4 || shape[1] != InChannels)
            throw new ShapeMismatchException("", Describe(), expected, Shapes.Format(shape));
        var (minimumHeight, minimumWidth) = Padding.IsSame
            ? (1, 1)
            : (Reach.Height - 2 * Padding.Amount.Height, Reach.Width - 2 * Padding.Amount.Width);
        if (shape[2] < minimumHeight || shape[3] < minimumWidth)
            throw new ShapeMismatchException("", Describe(), $"{expected} with H ≥ {minimumHeight}, W ≥ {minimumWidth}", Shapes.Format(shape));
    }

    // PyTorch's "same": d·(k − 1) zeros in all along an axis, half before (rounded down), the rest after.
    // conv2d pads symmetrically, so an odd total gets its extra zero from an explicit pad on the bottom/right first.
    private (Tensor Input, long[] Padding) PadForSame(Tensor input)
    {
        var (totalHeight, totalWidth) = (Reach.Height - 1, Reach.Width - 1);
        var (extraHeight, extraWidth) = (totalHeight % 2, totalWidth % 2);
        var padded = extraHeight + extraWidth == 0 ? input : nn.functional.pad(input, [0, extraWidth, 0, extraHeight]);
        return (padded, [totalHeight / 2, totalWidth / 2]);
    }

    private void RequireValidSettings()
    {
        if (InChannels < 1 || OutChannels < 1 || Groups < 1 || !KernelSize.AtLeast(1) || !Stride.AtLeast(1) || !Dilation.AtLeast(1) || !Padding.Amount.AtLeast(0))
            throw new ArgumentException($"{Describe()}: channels, groups, kernel size, stride and dilation must be positive and padding not negative.");
        if (InChannels % Groups != 0 || OutChannels % Groups != 0)
            throw new ArgumentException($"{Describe()}: both channel counts must divide by groups={Groups}.");
        if (Padding.IsSame && Stride != 1)
            throw new ArgumentException($"{Describe()}: padding \"same\" needs stride 1, as in PyTorch; give explicit padding for a strided convolution.");
    }
}
