using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>glass_blur</c> at severity 1 (corruptions.py's default: σ = 0.7, largest shift 1, 2 iterations): a
/// Gaussian blur, the result cut to 8 bits, pixels locally shuffled, then blurred again. The shuffle visits rows and
/// columns 27 down to 2, two passes; at each pixel, with probability ½, it swaps it with the pixel <c>(dy, dx)</c>
/// away, each of dx, dy drawn from {−1, 0} (numpy's <c>randint(−1, 1)</c> excludes its upper end).
/// </summary>
public static class GlassBlur
{
    /// <summary>σ of both blurs, in pixels.</summary>
    public const double Sigma = 0.7;

    /// <summary>Passes of the local shuffle.</summary>
    public const int Iterations = 2;

    private const int Last = Corruption.Side - 1;   // the shuffle visits 27 down to 2 in each axis
    private const int Visited = Corruption.Side - 2;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("glass_blur", "Gaussian blur σ 0.7, 8-bit, pixels swapped with a neighbour up or left (2 passes), blurred again", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var count = digits.shape[0];
        var levels = GaussianFilter.Apply(digits, Sigma).mul_(scalars.Of(255.0)).clamp_(scalars.Of(0.0), scalars.Of(255.0)).floor_();
        var swaps = rand([count, Iterations, Visited, Visited], generator: generator).lt_(scalars.Of(0.5)).to(ScalarType.Bool).data<bool>().ToArray();
        var shifts = randint(0, 2, [count, Iterations, Visited, Visited, 2], dtype: ScalarType.Int32, generator: generator).data<int>().ToArray();
        var pixels = levels.contiguous().data<float>().ToArray();
        for (var image = 0; image < count; image++)
            Shuffle(pixels.AsSpan(image * Corruption.Side * Corruption.Side, Corruption.Side * Corruption.Side), swaps, shifts, image);
        var shuffled = tensor(pixels, [count, Corruption.Side, Corruption.Side]).div_(scalars.Of(255.0));
        return GaussianFilter.Apply(shuffled, Sigma).clamp_(scalars.Of(0.0), scalars.Of(1.0)).MoveToOuterDisposeScope();
    }

    // One image's swaps, in corruptions.py's order; the draws for visit (pass, h, w) sit at [image, pass, 27 − h, 27 − w].
    private static void Shuffle(Span<float> image, bool[] swaps, int[] shifts, int index)
    {
        for (var pass = 0; pass < Iterations; pass++)
            for (var h = Last; h > 1; h--)
                for (var w = Last; w > 1; w--)
                {
                    var visit = (((((index * Iterations) + pass) * Visited) + (Last - h)) * Visited) + (Last - w);
                    if (!swaps[visit])
                        continue;
                    var (dx, dy) = (shifts[2 * visit] - 1, shifts[(2 * visit) + 1] - 1);
                    var (here, there) = ((h * Corruption.Side) + w, ((h + dy) * Corruption.Side) + w + dx);
                    (image[here], image[there]) = (image[there], image[here]);
                }
    }
}
