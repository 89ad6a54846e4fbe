using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Data;

/// <summary>The mean and standard deviation of all pixels scaled to [0, 1], as used to normalize inputs.</summary>
/// <param name="Mean">The mean of <c>pixel / 255</c> over every pixel.</param>
/// <param name="Std">The population standard deviation of <c>pixel / 255</c> over every pixel.</param>
public readonly record struct PixelStats(double Mean, double Std)
{
    /// <summary>The least mean of pixels scaled to [0, 1].</summary>
    public const double MinMean = 0;

    /// <summary>The largest mean of pixels scaled to [0, 1].</summary>
    public const double MaxMean = 1;

    /// <summary>
    /// The least standard deviation inputs are divided by: a quarter of one grey level (1/255). Images whose pixels vary
    /// less than that have no contrast to learn from, and dividing by less blows inputs up towards float32's limits.
    /// </summary>
    public const double MinStd = 1e-3;

    /// <summary>The largest standard deviation of pixels scaled to [0, 1] (it is at most 0.5; 1 leaves room for other conventions).</summary>
    public const double MaxStd = 1;

    /// <summary>The ranges in words, for messages.</summary>
    public const string UsableRange = "the mean must be a number from 0 to 1 and the standard deviation a number from 0.001 to 1";

    /// <summary>Whether these statistics can normalise inputs: <see cref="Mean"/> from <see cref="MinMean"/> to <see cref="MaxMean"/>, <see cref="Std"/> from <see cref="MinStd"/> to <see cref="MaxStd"/>.</summary>
    public bool IsUsable => Mean is >= MinMean and <= MaxMean && Std is >= MinStd and <= MaxStd;

    /// <summary>The statistics of <paramref name="images"/> (<c>[N, 28, 28] uint8</c>), exact in float64.</summary>
    /// <remarks><c>mean = Σx / (255 n)</c>, <c>std = sqrt(Σx² / (255² n) − mean²)</c>, summed in integers.</remarks>
    public static PixelStats Of(Tensor images)
    {
        if (images.dtype != ScalarType.Byte || !images.is_contiguous() || images.device_type != DeviceType.CPU)
            throw new ArgumentException("Pixel statistics need a contiguous uint8 tensor on the CPU.", nameof(images));
        return Of(images.bytes);
    }

    /// <summary>The statistics of raw pixel bytes (0 to 255).</summary>
    public static PixelStats Of(ReadOnlySpan<byte> pixels)
    {
        if (pixels.IsEmpty)
            throw new ArgumentException("Pixel statistics need at least one pixel.", nameof(pixels));
        var (sum, sumOfSquares, done) = VectorSums(pixels);
        foreach (var pixel in pixels[done..])
        {
            sum += pixel;
            sumOfSquares += (ulong)(pixel * pixel);
        }
        var mean = sum / (255.0 * pixels.Length);
        var meanOfSquares = sumOfSquares / (255.0 * 255.0 * pixels.Length);
        return new PixelStats(mean, Math.Sqrt(Math.Max(0, meanOfSquares - mean * mean)));
    }

    // 32 pixels a step in 32-bit lanes; a lane gains at most 4 × 255² per step, so flushing to 64 bits
    // every 4,096 steps cannot overflow.
    private static (ulong Sum, ulong SumOfSquares, int Done) VectorSums(ReadOnlySpan<byte> pixels)
    {
        const int stepsPerFlush = 4096;
        ulong sum = 0, sumOfSquares = 0;
        var done = 0;
        while (done + Vector256<byte>.Count <= pixels.Length)
        {
            var laneSums = Vector256<uint>.Zero;
            var laneSquares = Vector256<uint>.Zero;
            for (var step = 0; step < stepsPerFlush && done + Vector256<byte>.Count <= pixels.Length; step++, done += Vector256<byte>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.Create(pixels[done..]));
                var (a, b) = Vector256.Widen(low);
                var (c, d) = Vector256.Widen(high);
                laneSums += a + b + c + d;
                laneSquares += a * a + b * b + c * c + d * d;
            }
            sum += Total(laneSums);
            sumOfSquares += Total(laneSquares);
        }
        return (sum, sumOfSquares, done);
    }

    private static ulong Total(Vector256<uint> lanes)
    {
        var (low, high) = Vector256.Widen(lanes);
        return Vector256.Sum(low + high);
    }
}
