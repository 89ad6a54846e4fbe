using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>MNIST-C's <c>stripe</c>: the 7 leftmost and 7 rightmost columns inverted, <c>x' = 1 − x</c> there; nothing random.</summary>
public static class Stripe
{
    /// <summary>Columns inverted at each side.</summary>
    public const int Width = 7;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("stripe", "Columns 0–6 and 21–27 inverted", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var column = arange(scalars.Of((long)Corruption.Side));
        var inverted = column.lt(scalars.Of((long)Width)).logical_or_(column.ge(scalars.Of((long)(Corruption.Side - Width)))).reshape(1, 1, Corruption.Side);
        return where(inverted, digits.neg().add_(scalars.Of(1.0)), digits).MoveToOuterDisposeScope();
    }
}
