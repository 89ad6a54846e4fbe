using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>translate</c> at severity 3 (corruptions.py's default): the digit moved 3 pixels across and 3 down or
/// up, each direction's sign random: <c>AffineTransform(translation=(dx, dy))</c> as the map from output to input
/// pixels, zeros where the image has no pixel.
/// </summary>
public static class Translate
{
    /// <summary>Pixels moved along each axis.</summary>
    public const double Pixels = 3;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("translate", "Moved ±3 pixels across and ±3 pixels down", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var count = digits.shape[0];
        var shift = stack([AffineWarp.RandomSigns(count, generator), AffineWarp.RandomSigns(count, generator)], 1).mul_(scalars.Of(Pixels));
        return AffineWarp.Apply(digits, eye(2, dtype: float64).expand(count, 2, 2), shift).MoveToOuterDisposeScope();
    }
}
