using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>shear</c> at severity 2 (corruptions.py's default): a shear of 0.4 with a random sign about the centre
/// (13.5, 13.5), resampled bilinearly. The matrix is scikit-image's <c>AffineTransform(shear=s)</c> of the time the
/// benchmark was made, <c>[[1, −sin s], [0, cos s]]</c>, used as the map from output to input pixels.
/// </summary>
public static class Shear
{
    /// <summary>The shear angle s, in radians, before its random sign.</summary>
    public const double Angle = 0.4;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("shear", "Shear of ±0.4 about the centre, bilinear", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var count = digits.shape[0];
        var angle = AffineWarp.RandomSigns(count, generator).mul_(scalars.Of(Angle));
        var linear = stack([ones(count, dtype: float64), angle.sin().neg(), zeros(count, dtype: float64), angle.cos()], 1).reshape(count, 2, 2);
        return AffineWarp.Apply(digits, linear, zeros(count, 2, dtype: float64)).MoveToOuterDisposeScope();
    }
}
