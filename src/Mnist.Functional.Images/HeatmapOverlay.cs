using SkiaSharp;

namespace Mnist.Functional.Images;

/// <summary>
/// An attribution map drawn over the digit the model saw, enlarged: red where the map is positive (the pixel raised the
/// explained score), blue where it is negative, more opaque the larger the value.
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
public static class HeatmapOverlay
{
    /// <summary>How many screen pixels show one digit pixel by default: 10, so a 28×28 digit is 280×280.</summary>
    public const int DefaultScale = 10;

    /// <summary>The overlay as a PNG file: <paramref name="digit"/> (W×H) with <paramref name="map"/> (W·H values, row-major) drawn over it, each pixel a <paramref name="scale"/>×<paramref name="scale"/> block.</summary>
    /// <exception cref="ArgumentException">The map does not have one finite value per pixel, or the scale is not 1 to 64.</exception>
    public static byte[] Png(GreyImage digit, IReadOnlyList<float> map, int scale = DefaultScale)
    {
        var colours = Colours(digit, map);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 64);
        using var bitmap = new SKBitmap(new SKImageInfo(digit.Width * scale, digit.Height * scale, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var (r, g, b) = colours[(y / scale * digit.Width) + (x / scale)];
                var at = ((y * bitmap.Width) + x) * 4;
                (pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]) = (r, g, b, 255);
            }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>The colour of each digit pixel, row-major: the rule in the remarks.</summary>
    /// <exception cref="ArgumentException">The map does not have one finite value per pixel.</exception>
    public static (byte R, byte G, byte B)[] Colours(GreyImage digit, IReadOnlyList<float> map)
    {
        if (map.Count != digit.Width * digit.Height)
            throw new ArgumentException($"A {digit.Width}×{digit.Height} digit needs a map of {digit.Width * digit.Height} values, not {map.Count}.", nameof(map));
        if (!map.All(float.IsFinite))
            throw new ArgumentException("The map holds a value that is NaN or infinite, so it cannot be drawn.", nameof(map));
        var scale = Scale(map);
        var colours = new (byte, byte, byte)[map.Count];
        for (var i = 0; i < map.Count; i++)
        {
            var t = scale == 0 ? 0 : Math.Clamp(map[i] / scale, -1, 1);
            var alpha = 0.9 * Math.Abs(t);
            var (r, g, b) = t >= 0 ? (230, 30, 30) : (30, 100, 240);
            var grey = 0.5 * digit.Pixels[i];
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
