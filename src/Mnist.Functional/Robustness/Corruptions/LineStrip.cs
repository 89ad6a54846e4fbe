namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// The brightness a line adds to a 28 × 28 digit, as MNIST-C's <c>line_from_points</c> draws it: through (c0, r0) and
/// (c1, r1) (column, row), a pixel at vertical distance d from the line gets <c>clip(log(1 − d/2.3) + 1, 0, 1)</c>
/// (nothing from 2.3 on), in the columns from ⌊c0⌋ up to but not including ⌈c1⌉; a vertical line (c0 = c1) adds nothing.
/// </summary>
internal static class LineStrip
{
    private const double Reach = 2.3;

    /// <summary>Adds the line's brightness to <paramref name="image"/> (row-major 28 × 28), clipping each pixel at 1.</summary>
    public static void Draw(Span<float> image, double c0, double r0, double c1, double r1)
    {
        if (c1 == c0)
            return;
        var slope = (r1 - r0) / (c1 - c0);
        var (first, end) = ((int)Math.Floor(c0), (int)Math.Ceiling(c1));
        for (var column = Math.Max(first, 0); column < Math.Min(end, Corruption.Side); column++)
        {
            var lineRow = (slope * (column - c0)) + r0;
            for (var row = 0; row < Corruption.Side; row++)
            {
                var distance = Math.Min(Math.Abs(row - lineRow), Reach - 1e-10);
                var added = Math.Clamp(Math.Log(1 - (distance / Reach)) + 1, 0, 1);
                ref var pixel = ref image[(row * Corruption.Side) + column];
                pixel = (float)Math.Min(pixel + added, 1);
            }
        }
    }
}
