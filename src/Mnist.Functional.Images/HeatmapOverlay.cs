using Mnist.Functional.Explain;
using SkiaSharp;

namespace Mnist.Functional.Images;

/// <summary>
/// An attribution map drawn over the digit the model saw, enlarged, as a PNG file: each digit pixel a block of the colour
/// <see cref="HeatmapColours"/> gives it (red where the map raised the explained score, blue where it lowered it).
/// </summary>
public static class HeatmapOverlay
{
    /// <summary>How many screen pixels show one digit pixel by default: 10, so a 28×28 digit is 280×280.</summary>
    public const int DefaultScale = 10;

    /// <summary>The overlay as a PNG file: <paramref name="digit"/> (W×H) with <paramref name="map"/> (W·H values, row-major) drawn over it, each pixel a <paramref name="scale"/>×<paramref name="scale"/> block.</summary>
    /// <exception cref="ArgumentException">The map does not have one finite value per pixel, or the scale is not 1 to 64.</exception>
    public static byte[] Png(GreyImage digit, IReadOnlyList<float> map, int scale = DefaultScale)
    {
        var colours = HeatmapColours.Of(digit.Width, digit.Height, digit.Pixels, map);
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
}
