using Mnist.Functional.Initializers;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>The parameters of an affine layer (Linear, Conv2d): <c>weight</c>, then <c>bias: [out]</c> if it has one, in PyTorch's order.</summary>
internal static class WeightAndBias
{
    /// <summary>Draws the weight, then the bias with the weight's fan, from <paramref name="generator"/>.</summary>
    public static Variables Init(long[] weightShape, bool hasBias, Initializer weightInit, Initializer biasInit, Generator generator)
    {
        var fan = Fan.Of(weightShape);
        var weight = weightInit.Create(weightShape, fan, generator);
        var parameters = hasBias
            ? Params.Of(("weight", weight), ("bias", biasInit.Create([weightShape[0]], fan, generator)))
            : Params.Of(("weight", weight));
        return new(parameters, Params.Empty);
    }
}
