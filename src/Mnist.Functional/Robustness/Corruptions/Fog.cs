using Mnist.Functional.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>fog</c> at severity 5 (corruptions.py's default: c = 3, wibble decay 1.4): a plasma fractal made by the
/// diamond-square algorithm on a 256 × 256 map (corruptions.py's <c>plasma_fractal</c>: the noise added at each level
/// is <c>w · U(−w, w)</c>, with w = 100 divided by the decay at every level; the map is scaled to [0, 1]), of which the
/// top-left 28 × 28 is added: <c>x' = clip((x + c · fog) · m / (m + c), 0, 1)</c>, m the image's brightest pixel.
/// </summary>
public static class Fog
{
    /// <summary>c, the strength of the fog.</summary>
    public const double Strength = 3;

    /// <summary>How much the noise shrinks from one level of the fractal to the next.</summary>
    public const double WibbleDecay = 1.4;

    private const int MapSize = 256;
    private const int ImagesPerChunk = 64;    // a 256 × 256 float64 map is 0.5 MiB a digit

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("fog", "Plasma-fractal fog of strength 3 (wibble decay 1.4), contrast rescaled", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var count = digits.shape[0];
        var chunks = new List<Tensor>();
        for (long start = 0; start < count; start += ImagesPerChunk)
            chunks.Add(Plasma(Math.Min(ImagesPerChunk, count - start), generator)
                .narrow(1, 0, Corruption.Side).narrow(2, 0, Corruption.Side).to(float32));
        var fog = cat(chunks, 0);
        var brightest = digits.amax([1, 2], keepdim: true);
        var contrast = brightest.div(brightest.add(scalars.Of(Strength)));
        return digits.add(fog, alpha: scalars.Of(Strength)).mul_(contrast).clamp_(scalars.Of(0.0), scalars.Of(1.0)).MoveToOuterDisposeScope();
    }

    // The diamond-square heightmap of corruptions.py's plasma_fractal for `count` images at once: [count, 256, 256] float64 in [0, 1].
    private static Tensor Plasma(long count, Generator generator)
    {
        using var scope = NewDisposeScope();
        var map = zeros(count, MapSize, MapSize, dtype: float64);
        var all = TensorIndex.Colon;
        var wibble = 100.0;
        for (var step = MapSize; step >= 2; step /= 2, wibble /= WibbleDecay)
        {
            var half = step / 2;
            TensorIndex Every(long first) => TensorIndex.Slice(first, null, step);

            // Squares: each centre gets the mean of its four corners, plus noise.
            var corners = map[all, Every(0), Every(0)];
            var squares = corners.add(corners.roll(-1, 1));
            squares = squares.add(squares.roll(-1, 2));
            map[all, Every(half), Every(half)] = Wibbled(squares, wibble, generator);

            // Diamonds: each edge midpoint gets the mean of its two square centres and two corners, plus noise.
            var centres = map[all, Every(half), Every(half)];
            var left = centres.add(centres.roll(1, 1)).add_(corners.add(corners.roll(-1, 2)));
            var top = centres.add(centres.roll(1, 2)).add_(corners.add(corners.roll(-1, 1)));
            map[all, Every(0), Every(half)] = Wibbled(left, wibble, generator);
            map[all, Every(half), Every(0)] = Wibbled(top, wibble, generator);
        }
        var shifted = map.sub(map.amin([1, 2], keepdim: true));
        return shifted.div_(shifted.amax([1, 2], keepdim: true)).MoveToOuterDisposeScope();
    }

    private static Tensor Wibbled(Tensor sums, double wibble, Generator generator)
    {
        using var scalars = new ScalarScope();
        return sums.div(scalars.Of(4.0)).add_(empty_like(sums).uniform_(-wibble, wibble, generator), alpha: scalars.Of(wibble));
    }
}
