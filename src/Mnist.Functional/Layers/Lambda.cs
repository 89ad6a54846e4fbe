using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>A plain function of tensors standing as a layer: no parameters, no state, the same in every mode.</summary>
/// <param name="Name">What the function is called in summaries, such as <c>relu</c>.</param>
/// <param name="Body">The function, <c>x -> y</c>.</param>
public sealed record Lambda(string Name, Func<Tensor, Tensor> Body) : Layer
{
    /// <inheritdoc />
    public override Variables Init(Generator generator) => Variables.None;

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode) => new(Body(input), state);

    /// <inheritdoc />
    public override string Describe() => Name;
}
