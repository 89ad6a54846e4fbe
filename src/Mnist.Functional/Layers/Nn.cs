namespace Mnist.Functional.Layers;

/// <summary>
/// The vocabulary for writing models, named as in <c>torch.nn</c>. With <c>using static Mnist.Functional.Layers.Nn;</c>
/// a model reads <c>Conv2d(1, 32, 3).Then(Relu).Then(MaxPool2d(2)).Then(Flatten()).Then(Linear(5408, 10))</c>.
/// </summary>
/// <remarks>Parameterless activations are layer values that take a position in a chain, as in <c>nn.Sequential</c>.</remarks>
public static class Nn
{
    /// <summary>ReLU, <c>y = max(x, 0)</c>: <c>x: [*] -> [*]</c>.</summary>
    public static readonly Activation Relu = new(ActivationFunction.Relu);

    /// <summary>GELU, <c>y = x · Φ(x)</c> with Φ the standard normal CDF (exact, not the tanh approximation): <c>x: [*] -> [*]</c>.</summary>
    public static readonly Activation Gelu = new(ActivationFunction.Gelu);

    /// <summary>SiLU (swish), <c>y = x · σ(x)</c>: <c>x: [*] -> [*]</c>.</summary>
    public static readonly Activation Silu = new(ActivationFunction.Silu);

    /// <summary>Hyperbolic tangent, <c>y = tanh(x)</c>: <c>x: [*] -> [*]</c>.</summary>
    public static readonly Activation Tanh = new(ActivationFunction.Tanh);

    /// <summary>Logistic sigmoid, <c>y = 1 / (1 + exp(−x))</c>: <c>x: [*] -> [*]</c>.</summary>
    public static readonly Activation Sigmoid = new(ActivationFunction.Sigmoid);

    /// <summary>Leaky ReLU, <c>y = max(x, 0) + slope · min(x, 0)</c>: <c>x: [*] -> [*]</c>.</summary>
    public static LeakyRelu LeakyRelu(double negativeSlope = 0.01) => new(negativeSlope);

    /// <summary>Softmax along <paramref name="dim"/>, <c>yᵢ = exp(xᵢ) / Σⱼ exp(xⱼ)</c>: <c>x: [*] -> [*]</c>.</summary>
    public static Softmax Softmax(long dim = 1) => new(dim);

    /// <summary>Log-softmax along <paramref name="dim"/>, <c>yᵢ = xᵢ − log Σⱼ exp(xⱼ)</c>: <c>x: [*] -> [*]</c>.</summary>
    public static LogSoftmax LogSoftmax(long dim = 1) => new(dim);

    /// <summary>A fully connected layer, <c>y = x Wᵀ + b</c>: <c>x: [*, in] -> [*, out]</c>.</summary>
    public static Linear Linear(int inFeatures, int outFeatures, bool bias = true) => new(inFeatures, outFeatures, bias);

    /// <summary>A 2-d convolution: <c>x: [B, C_in, H, W] -> [B, C_out, H', W']</c>, <c>H' = ⌊(H + 2·pad − d·(k − 1) − 1) / stride⌋ + 1</c>.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output.</param>
    /// <param name="kernelSize">The kernel's size; an <see langword="int"/> for a square kernel, or (height, width).</param>
    /// <param name="stride">Step between kernel positions; 1 when left out.</param>
    /// <param name="padding">Zero padding: an amount, (height, width), or <see cref="Padding2d.Same"/>; none when left out.</param>
    /// <param name="dilation">Spacing between kernel elements; 1 when left out.</param>
    /// <param name="groups">Channel groups convolved separately.</param>
    /// <param name="bias">Whether to add a learned bias.</param>
    public static Conv2d Conv2d(int inChannels, int outChannels, Size2d kernelSize, Size2d? stride = null, Padding2d? padding = null,
                                Size2d? dilation = null, int groups = 1, bool bias = true) =>
        new(inChannels, outChannels, kernelSize)
        {
            Stride = stride ?? 1,
            Padding = padding ?? Padding2d.Valid,
            Dilation = dilation ?? 1,
            Groups = groups,
            HasBias = bias,
        };

    /// <summary>2-d max pooling: <c>x: [B, C, H, W] -> [B, C, H', W']</c>, the stride the kernel size unless given.</summary>
    public static MaxPool2d MaxPool2d(Size2d kernelSize, Size2d? stride = null, int padding = 0) =>
        new(kernelSize) { Stride = stride, Padding = padding };

    /// <summary>2-d average pooling: <c>x: [B, C, H, W] -> [B, C, H', W']</c>, the stride the kernel size unless given.</summary>
    public static AvgPool2d AvgPool2d(Size2d kernelSize, Size2d? stride = null, int padding = 0) =>
        new(kernelSize) { Stride = stride, Padding = padding };

    /// <summary>2-d average pooling to a fixed size: <c>x: [B, C, H, W] -> [B, C, outH, outW]</c>.</summary>
    public static AdaptiveAvgPool2d AdaptiveAvgPool2d(Size2d outputSize) => new(outputSize);

    /// <summary>Merges dimensions <paramref name="startDim"/> to <paramref name="endDim"/>: <c>[B, C, H, W] -> [B, C·H·W]</c> by default.</summary>
    public static Flatten Flatten(int startDim = 1, int endDim = -1) => new(startDim, endDim);

    /// <summary>Dropout: <c>y = x ⊙ m / (1 − p)</c>, <c>m ~ Bernoulli(1 − p)</c> in training; <c>y = x</c> in evaluation.</summary>
    public static Dropout Dropout(double p = 0.5) => new(p);

    /// <summary>Batch normalisation of features: <c>x: [B, C] or [B, C, L] -> same shape</c>.</summary>
    public static BatchNorm1d BatchNorm1d(int numFeatures) => new(numFeatures);

    /// <summary>Batch normalisation of images: <c>x: [B, C, H, W] -> same shape</c>.</summary>
    public static BatchNorm2d BatchNorm2d(int numFeatures) => new(numFeatures);

    /// <summary>A residual connection, <c>y = x + f(x)</c>, with f's parameters under <paramref name="name"/>.</summary>
    public static Residual Residual(Layer inner, string name = "fn") => new(inner, name);

    /// <summary>Layers in order, named 0, 1, 2, … as in <c>nn.Sequential</c>.</summary>
    public static Chain Sequential(params IEnumerable<Layer> layers) => Chain.Of(layers);

    /// <summary>Layers in order under the given names: <c>Sequential(("conv1", Conv2d(1, 32, 3)), ("relu1", Relu))</c>.</summary>
    public static Chain Sequential(params IEnumerable<(string Name, Layer Layer)> layers) => Chain.Of(layers);
}
