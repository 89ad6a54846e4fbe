using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>scale</c> at severity 3 (corruptions.py's default): the digit shrunk to 0.7 of its size about the
/// centre (13.5, 13.5), resampled bilinearly: <c>AffineTransform(scale=1/0.7)</c> as the map from output to input
/// pixels. Nothing random.
/// </summary>
public static class Scale
{
    /// <summary>The digit's new size relative to the old.</summary>
    public const double Factor = 0.7;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("scale", "Shrunk to 0.7 of its size about the centre, bilinear", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var count = digits.shape[0];
        var linear = eye(2, dtype: float64).mul(scalars.Of(1 / Factor)).expand(count, 2, 2);
        return AffineWarp.Apply(digits, linear, zeros(count, 2, dtype: float64)).MoveToOuterDisposeScope();
    }
}
