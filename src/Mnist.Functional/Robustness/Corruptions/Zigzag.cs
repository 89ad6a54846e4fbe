using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>zigzag</c>: a zigzag of teeth 2 pixels long and 2 high from column 2 to column 25, along the line from
/// (2, r0) to (25, r1), r0 uniform in 0…26 and r1 − r0 uniform in −5…4. As corruptions.py builds it: along the
/// straight line of length d = 23 / cos θ, points (0, 0), then ((2i + 1)·2, (−1)ⁱ·2) for
/// i = 0 … ⌊(d − 2) / 4⌋, and, when d is not a multiple of 4, a last point (d, r / (2·(d − 4⌊d/4⌋))) with r the last
/// tooth's height; rotated by θ, moved to (2, r0), and each segment drawn as <see cref="LineStrip"/> draws it,
/// clipping at 1 after each.
/// </summary>
public static class Zigzag
{
    private const double Tooth = 2;
    private const double FirstColumn = 2;
    private const double LastColumn = 25;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("zigzag", "A zigzag line (teeth 2 × 2 pixels) across the digit at a random height and slope", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        var count = (int)digits.shape[0];
        var starts = randint(0, Corruption.Side - 1, [count], dtype: ScalarType.Int32, generator: generator).data<int>().ToArray();
        var rises = randint(-5, 5, [count], dtype: ScalarType.Int32, generator: generator).data<int>().ToArray();
        var pixels = digits.contiguous().data<float>().ToArray();
        var side = Corruption.Side * Corruption.Side;
        for (var image = 0; image < count; image++)
        {
            var points = Points(starts[image], starts[image] + rises[image]);
            for (var segment = 1; segment < points.Count; segment++)
                LineStrip.Draw(pixels.AsSpan(image * side, side), points[segment - 1].Column, points[segment - 1].Row, points[segment].Column, points[segment].Row);
        }
        return tensor(pixels, digits.shape);
    }

    // The zigzag's corners in image coordinates (column, row).
    private static List<(double Column, double Row)> Points(double r0, double r1)
    {
        var theta = Math.Atan((r1 - r0) / (LastColumn - FirstColumn));
        var length = (LastColumn - FirstColumn) / Math.Cos(theta);
        List<(double Along, double Across)> teeth = [(0, 0)];
        var height = 0.0;
        for (var i = 0; i < (int)Math.Floor((length - Tooth) / (2 * Tooth)) + 1; i++)
        {
            height = (i % 2 == 0 ? 1 : -1) * Tooth;
            teeth.Add(((2 * i + 1) * Tooth, height));
        }
        var lastWhole = 2 * Tooth * Math.Floor(length / (2 * Tooth));
        if (length != lastWhole)
            teeth.Add((length, height / (2 * (length - lastWhole))));
        var (cos, sin) = (Math.Cos(theta), Math.Sin(theta));
        return teeth.Select(point => ((cos * point.Along) - (sin * point.Across) + FirstColumn, (sin * point.Along) + (cos * point.Across) + r0)).ToList();
    }
}
