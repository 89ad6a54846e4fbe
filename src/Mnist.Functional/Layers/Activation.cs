using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// An element-wise activation without parameters or state, the same in every mode: <c>x: [*] -> [*]</c>. The values
/// <see cref="Nn.Relu"/>, <see cref="Nn.Gelu"/>, <see cref="Nn.Silu"/>, <see cref="Nn.Tanh"/> and <see cref="Nn.Sigmoid"/>
/// are the ones to use; two activations of the same function are equal.
/// </summary>
/// <remarks>
/// Calls TorchSharp's own function for each (<c>relu</c>, <c>gelu</c>, <c>silu</c>, <c>tanh</c>, <c>sigmoid</c>). Unlike a
/// <see cref="Lambda"/>, an activation is a described value: it has a JSON form and an ONNX form, and a <see cref="Chain"/>
/// may fuse a ReLU with the layer before it (see <see cref="Chain.Apply(Params, Params, Tensor, Mode)"/>).
/// </remarks>
/// <param name="Function">Which function.</param>
public sealed record Activation(ActivationFunction Function) : Layer
{
    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode) => new(Function switch
    {
        ActivationFunction.Relu => nn.functional.relu(input),
        ActivationFunction.Gelu => nn.functional.gelu(input),
        ActivationFunction.Silu => nn.functional.silu(input),
        ActivationFunction.Tanh => input.tanh(),
        ActivationFunction.Sigmoid => input.sigmoid(),
        _ => throw new InvalidOperationException($"{Function} is not an activation function."),
    }, state);

    /// <inheritdoc />
    public override long[] OutputShape(long[] inputShape) => [.. inputShape];

    /// <summary>The name as PyTorch prints the module: <c>ReLU</c>, <c>GELU</c>, <c>SiLU</c>, <c>Tanh</c>, <c>Sigmoid</c>.</summary>
    public override string Describe() => Function switch
    {
        ActivationFunction.Relu => "ReLU",
        ActivationFunction.Gelu => "GELU",
        ActivationFunction.Silu => "SiLU",
        _ => Function.ToString(),
    };
}
