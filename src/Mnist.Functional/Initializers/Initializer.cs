using static TorchSharp.torch;

namespace Mnist.Functional.Initializers;

/// <summary>
/// A pure function <c>(shape, fan, generator) -> tensor</c> that makes a layer's initial parameter,
/// drawing every random number from the generator. A value: equal settings compare equal.
/// </summary>
/// <remarks>The fan is the weight's even for a bias, as PyTorch bounds a bias by the weight's fan-in.</remarks>
public abstract record Initializer
{
    /// <summary>A new tensor of <paramref name="shape"/> in the default dtype, drawn from <paramref name="generator"/>.</summary>
    public abstract Tensor Create(long[] shape, Fan fan, Generator generator);
}
