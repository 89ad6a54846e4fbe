using System.Globalization;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>Leaky ReLU, <c>y = x</c> for <c>x ≥ 0</c> and <c>y = slope · x</c> below: <c>x: [*] -> [*]</c>. Calls <c>torch.nn.functional.leaky_relu</c>.</summary>
/// <param name="NegativeSlope">The slope for negative inputs; 0.01 by default, as PyTorch.</param>
public sealed record LeakyRelu(double NegativeSlope = 0.01) : Layer
{
    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode) =>
        new(nn.functional.leaky_relu(input, NegativeSlope), state);

    /// <summary>The input's shape.</summary>
    public override long[] OutputShape(long[] inputShape) => [.. inputShape];

    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"LeakyReLU({NegativeSlope})");
}
