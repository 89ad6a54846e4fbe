using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>motion_blur</c> at severity 1 (corruptions.py's default: ImageMagick's <c>MotionBlurImage</c> with radius
/// 10, σ 3 and an angle θ uniform in [−45°, 45°]), written out: ImageMagick's kernel has width 2·10 + 1 = 21 and weights
/// <c>kᵢ ∝ exp(−i²/2σ²)</c> for i = 0…20, and the output pixel (x, y) is <c>Σ kᵢ · in(x + round(i cos θ), y + round(i sin θ))</c>,
/// a trail on one side only, with pixels beyond the edge repeating the edge (ImageMagick's default virtual pixels).
/// The result is rounded to 8 bits, as the PNG that corruptions.py reads back is.
/// </summary>
public static class MotionBlur
{
    /// <summary>ImageMagick's radius; the kernel has 2 · radius + 1 taps.</summary>
    public const int Radius = 10;

    /// <summary>σ of the kernel's weights, in pixels.</summary>
    public const double Sigma = 3;

    /// <summary>The largest angle either way, in degrees.</summary>
    public const double MaxAngleDegrees = 45;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("motion_blur", "One-sided motion blur: 21 taps, σ 3, angle uniform in ±45°, 8-bit", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var count = digits.shape[0];
        const int taps = (2 * Radius) + 1;
        var weights = Enumerable.Range(0, taps).Select(i => Math.Exp(-(double)i * i / (2 * Sigma * Sigma))).ToArray();
        var kernel = tensor(weights.Select(weight => (float)(weight / weights.Sum())).ToArray()).reshape(1, taps, 1);
        var angle = rand([count], dtype: float64, generator: generator).mul_(scalars.Of(2 * MaxAngleDegrees)).sub_(scalars.Of(MaxAngleDegrees)).deg2rad_();
        var steps = arange(scalars.Of((long)taps), dtype: float64).reshape(1, taps);
        // ImageMagick's offsets are ceil(i·cos θ − 0.5) across and ceil(i·sin θ − 0.5) down.
        var across = steps.mul(angle.cos().unsqueeze(1)).sub_(scalars.Of(0.5)).ceil_().to(int64);
        var down = steps.mul(angle.sin().unsqueeze(1)).sub_(scalars.Of(0.5)).ceil_().to(int64);
        var position = arange(scalars.Of((long)Corruption.Side), dtype: int64);
        var columns = across.unsqueeze(2).unsqueeze(2).add(position.reshape(1, 1, 1, -1)).clamp_(scalars.Of(0L), scalars.Of((long)Corruption.Side - 1));
        var rows = down.unsqueeze(2).unsqueeze(2).add(position.reshape(1, 1, -1, 1)).clamp_(scalars.Of(0L), scalars.Of((long)Corruption.Side - 1));
        var index = rows.mul(scalars.Of((long)Corruption.Side)).add(columns).reshape(count, -1);       // [N, 21 · 784]
        var sampled = digits.reshape(count, -1).gather(1, index).reshape(count, taps, -1);                // [N, 21, 784]
        var blurred = sampled.mul(kernel).sum(1).reshape(count, Corruption.Side, Corruption.Side);
        return blurred.mul_(scalars.Of(255.0)).round_().div_(scalars.Of(255.0)).clamp_(scalars.Of(0.0), scalars.Of(1.0)).MoveToOuterDisposeScope();
    }
}
