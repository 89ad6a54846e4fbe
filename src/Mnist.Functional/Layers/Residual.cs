using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>
/// A residual connection, <c>y = x + f(x)</c>, where f keeps the shape: <c>x: [*] -> [*]</c>. The parameters
/// and state of f live under <paramref name="Name"/> (<c>fn.0.weight</c>, …).
/// </summary>
/// <param name="Inner">The function f, such as <c>Conv2d(64, 64, 3) with { Padding = Padding2d.Same }</c> followed by a ReLU.</param>
/// <param name="Name">The name f's parameters are nested under; <c>fn</c> by default.</param>
public sealed record Residual(Layer Inner, string Name = "fn") : Layer
{
    /// <inheritdoc />
    public override IReadOnlyList<(string Name, Layer Layer)> Children => [(Name, Inner)];

    /// <inheritdoc />
    public override Variables Init(Generator generator)
    {
        var inner = Inner.Init(generator);
        return new(Params.Nest((Name, inner.Params)), Params.Nest((Name, inner.State)));
    }

    /// <inheritdoc />
    public override LayerOutput Apply(Params parameters, Params state, Tensor input, Mode mode)
    {
        var (residual, innerState) = ApplyChild(Name, Inner, parameters.Child(Name), state.Child(Name), input, mode);
        if (!residual.shape.SequenceEqual(input.shape))
            throw new ShapeMismatchException("", Describe(), Shapes.Format(input.shape), Shapes.Format(residual.shape), $"the output of {Name}");
        return new(input + residual, Params.Nest((Name, innerState)));
    }

    /// <summary>The input's shape, once the inner function's output is known to have it.</summary>
    public override long[]? OutputShape(long[] inputShape)
    {
        var inner = ChildOutputShape(Name, Inner, inputShape);
        if (inner is null)
            return null;
        if (!inner.SequenceEqual(inputShape))
            throw new ShapeMismatchException("", Describe(), Shapes.Format(inputShape), Shapes.Format(inner), $"the output of {Name}");
        return [.. inputShape];
    }

    /// <inheritdoc />
    public override string Describe() => $"Residual(x + {Name}(x))";
}
