using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>rotate</c> at severity 2 (corruptions.py's default): a rotation by 0.4 radians (about 23°) with a
/// random sign about the centre (13.5, 13.5), resampled bilinearly: scikit-image's <c>AffineTransform(rotation=r)</c>,
/// <c>[[cos r, −sin r], [sin r, cos r]]</c>, as the map from output to input pixels.
/// </summary>
public static class Rotate
{
    /// <summary>The rotation r, in radians, before its random sign.</summary>
    public const double Angle = 0.4;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("rotate", "Rotation by ±0.4 rad (23°) about the centre, bilinear", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var count = digits.shape[0];
        var angle = AffineWarp.RandomSigns(count, generator).mul_(scalars.Of(Angle));
        var (cos, sin) = (angle.cos(), angle.sin());
        var linear = stack([cos, sin.neg(), sin, cos], 1).reshape(count, 2, 2);
        return AffineWarp.Apply(digits, linear, zeros(count, 2, dtype: float64)).MoveToOuterDisposeScope();
    }
}
