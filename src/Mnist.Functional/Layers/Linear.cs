using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// A fully connected layer, <c>y = x Wᵀ + b</c>: <c>x: [*, in] -> y: [*, out]</c>, with
/// <c>weight: [out, in]</c> and <c>bias: [out]</c>.
/// </summary>
/// <remarks>Initialised as PyTorch's <c>nn.Linear</c>: weight and bias uniform in ±1/√in.</remarks>
/// <param name="InFeatures">Size of each input sample's last dimension.</param>
/// <param name="OutFeatures">Size of each output sample's last dimension.</param>
/// <param name="HasBias">Whether to add a learned bias.</param>
public sealed record Linear(int InFeatures, int OutFeatures, bool HasBias = true) : Layer
{
    /// <inheritdoc />
    public override Variables Init(Generator generator)
    {
        var bound = 1.0 / Math.Sqrt(InFeatures);
        var weight = empty(OutFeatures, InFeatures).uniform_(-bound, bound, generator);
        return new(
            HasBias ? Params.Of(("weight", weight), ("bias", empty(OutFeatures).uniform_(-bound, bound, generator))) : Params.Of(("weight", weight)),
            Params.Empty);
    }

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        if (input.dim() < 1 || input.shape[^1] != InFeatures)
            throw new ShapeMismatchException("", Describe(), $"[*, {InFeatures}]", Shapes.Format(input.shape));
        var bias = HasBias ? parameters["bias"] : null;
        return new(nn.functional.linear(input, parameters["weight"], bias), state);
    }

    /// <inheritdoc />
    public override string Describe() => $"Linear({InFeatures}, {OutFeatures})";
}
