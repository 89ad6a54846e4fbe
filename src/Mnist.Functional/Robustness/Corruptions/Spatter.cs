using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>spatter</c> at severity 4 (corruptions.py's default: (0.65, 0.3, 1, 0.65, 1.5)): a liquid layer
/// <c>N(0.65, 0.3²)</c> per pixel is blurred with σ 1 and cut below 0.65; where it is above, a mask is set, blurred with
/// σ 1.5 and cut below 0.8; the image is covered by mud of grey 63/255 where the mask is: <c>x' = clip(x·(1 − m) + (63/255)·m, 0, 1)</c>.
/// </summary>
public static class Spatter
{
    /// <summary>The mean of the liquid layer and the level below which it is dry.</summary>
    public const double Level = 0.65;

    /// <summary>The spread of the liquid layer.</summary>
    public const double Spread = 0.3;

    /// <summary>The grey of the mud, on [0, 1].</summary>
    public const double Mud = 63 / 255.0;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("spatter", "Mud spatter: blurred Gaussian liquid above 0.65, mask blurred (σ 1.5) above 0.8, grey 63", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var liquid = GaussianFilter.Apply(empty_like(digits).normal_(Level, Spread, generator), sigma: 1);
        var wet = liquid.gt(scalars.Of(Level)).to(float32);
        var mask = GaussianFilter.Apply(wet, sigma: 1.5);
        mask = mask.masked_fill(mask.lt(scalars.Of(0.8)), scalars.Of(0.0));
        return digits.mul(mask.neg().add_(scalars.Of(1.0))).add_(mask, alpha: scalars.Of(Mud)).clamp_(scalars.Of(0.0), scalars.Of(1.0)).MoveToOuterDisposeScope();
    }
}
