using Mnist.Functional.Initializers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// A fully connected layer, <c>y = x Wᵀ + b</c>: <c>x: [*, in] -> y: [*, out]</c>, with
/// <c>weight: [out, in]</c> and <c>bias: [out]</c>.
/// </summary>
/// <remarks>Initialised as PyTorch's <c>nn.Linear</c>: weight and bias uniform in ±1/√in (<see cref="Init.TorchDefault"/>).</remarks>
/// <param name="InFeatures">Size of each input sample's last dimension.</param>
/// <param name="OutFeatures">Size of each output sample's last dimension.</param>
/// <param name="HasBias">Whether to add a learned bias.</param>
public sealed record Linear(int InFeatures, int OutFeatures, bool HasBias = true) : Layer
{
    /// <summary>How the weight <c>[out, in]</c> is initialised; PyTorch's default unless replaced with <c>with { WeightInit = … }</c>.</summary>
    public Initializer WeightInit { get; init; } = Initializers.Init.TorchDefault;

    /// <summary>How the bias <c>[out]</c> is initialised, given the weight's fan; PyTorch's default unless replaced.</summary>
    public Initializer BiasInit { get; init; } = Initializers.Init.TorchDefault;

    /// <inheritdoc />
    public override Variables Init(Generator generator)
    {
        RequireValidSettings();
        return WeightAndBias.Init([OutFeatures, InFeatures], HasBias, WeightInit, BiasInit, generator);
    }

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        RequireAcceptable(input.shape);
        var bias = HasBias ? parameters["bias"] : null;
        return new(nn.functional.linear(input, parameters["weight"], bias), state);
    }

    /// <summary><c>[*, out]</c>: the input's shape with its last dimension replaced.</summary>
    public override long[] OutputShape(long[] inputShape)
    {
        RequireValidSettings();
        RequireAcceptable(inputShape);
        return [.. inputShape[..^1], OutFeatures];
    }

    private void RequireAcceptable(long[] shape)
    {
        if (shape.Length < 1 || shape[^1] != InFeatures)
            throw new ShapeMismatchException("", Describe(), $"[*, {InFeatures}]", Shapes.Format(shape));
    }

    private void RequireValidSettings()
    {
        if (InFeatures < 1 || OutFeatures < 1)
            throw new ArgumentException($"{Describe()}: both feature counts must be positive.");
    }

    /// <summary>in × out for every output position of a sample.</summary>
    public override long MultiplyAddsPerSample(long[] inputShape, long[] outputShape) =>
        Shapes.ElementsPerSample(outputShape) * InFeatures;

    /// <inheritdoc />
    public override string Describe() => HasBias ? $"Linear({InFeatures}, {OutFeatures})" : $"Linear({InFeatures}, {OutFeatures}, bias=False)";
}
