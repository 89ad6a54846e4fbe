namespace Mnist.Functional.Explain;

/// <summary>
/// How an attribution map is drawn over the grey digit it explains: red where the map is positive (the pixel raised the
/// explained score), blue where it is negative, more opaque the larger the value. Every picture of a map (the PNGs of
/// <c>explain</c> and <c>predict --show</c>, the run report's mistakes) is coloured by this one rule.
/// </summary>
/// <remarks>
/// Each value v is scaled as Captum's <c>visualize_image_attr</c> scales it (<c>outlier_perc=2</c>): by the magnitude m at
/// which the magnitudes, smallest first, add up to 98% of their total, so that the few extreme pixels that hold the last
/// 2% do not fade the rest, and clipped:
/// <c>t = clamp(v / m, −1, 1)</c>. The pixel is the digit's grey g, dimmed to <c>0.5·g</c> so that white ink does not
/// wash the colour out, mixed with the colour by <c>a = 0.9·|t|</c>: <c>(1 − a)·0.5·g + a·colour</c>, with red
/// (230, 30, 30) and blue (30, 100, 240). A map of absolute values (saliency) is all red. The scale is per map, so two
/// maps' colours are not comparable; their numbers are (<c>mnist explain --json</c>). The serve page draws the same rule
/// in the browser.
/// </remarks>
public static class HeatmapColours
{
    /// <summary>
    /// The colour of each pixel of a <paramref name="width"/>×<paramref name="height"/> digit, row-major:
    /// <paramref name="digit"/> (grey bytes, 0 black) with <paramref name="map"/> (one value per pixel) drawn over it.
    /// </summary>
    /// <exception cref="ArgumentException">The digit or the map does not have one value per pixel, or the map holds a value that is not finite.</exception>
    public static (byte R, byte G, byte B)[] Of(int width, int height, IReadOnlyList<byte> digit, IReadOnlyList<float> map)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (digit.Count != width * height)
            throw new ArgumentException($"A {width}×{height} digit has {width * height} pixels, not {digit.Count}.", nameof(digit));
        if (map.Count != width * height)
            throw new ArgumentException($"A {width}×{height} digit needs a map of {width * height} values, not {map.Count}.", nameof(map));
        if (!map.All(float.IsFinite))
            throw new ArgumentException("The map holds a value that is NaN or infinite, so it cannot be drawn.", nameof(map));
        var scale = Scale(map);
        var colours = new (byte, byte, byte)[map.Count];
        for (var i = 0; i < map.Count; i++)
        {
            var t = scale == 0 ? 0 : Math.Clamp(map[i] / scale, -1, 1);
            var alpha = 0.9 * Math.Abs(t);
            var (r, g, b) = t >= 0 ? (230, 30, 30) : (30, 100, 240);
            var grey = 0.5 * digit[i];
            colours[i] = (Mix(grey, r, alpha), Mix(grey, g, alpha), Mix(grey, b, alpha));
        }
        return colours;
    }

    /// <summary>The magnitude at which the magnitudes of <paramref name="map"/>, smallest first, add up to 98% of their total; 0 for a map of zeros.</summary>
    public static double Scale(IReadOnlyList<float> map)
    {
        var magnitudes = map.Select(value => (double)Math.Abs(value)).Order().ToArray();
        var total = magnitudes.Sum();
        var sum = 0.0;
        foreach (var magnitude in magnitudes)
        {
            sum += magnitude;
            if (total > 0 && sum >= 0.98 * total) return magnitude;
        }
        return 0;
    }

    private static byte Mix(double grey, int colour, double alpha) => (byte)Math.Round(((1 - alpha) * grey) + (alpha * colour));
}
