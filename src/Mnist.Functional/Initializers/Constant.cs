using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Initializers;

/// <summary>Fills every element with <paramref name="Value"/>; draws nothing from the generator.</summary>
/// <param name="Value">The value of every element (0 for biases, 1 for batch-norm scales).</param>
public sealed record Constant(double Value) : Initializer
{
    /// <inheritdoc />
    public override Tensor Create(long[] shape, Fan fan, Generator generator)
    {
        using var scalars = new ScalarScope();
        return full(shape, scalars.Of(Value));
    }
}
