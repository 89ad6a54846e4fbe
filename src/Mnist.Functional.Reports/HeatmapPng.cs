using Mnist.Functional.Explain;

namespace Mnist.Functional.Reports;

/// <summary>
/// An attribution map drawn over its digit as a small RGB PNG, one image pixel per digit pixel, for a page that enlarges
/// it without smoothing: coloured by <see cref="HeatmapColours"/>, the rule of every other picture of a map.
/// </summary>
public static class HeatmapPng
{
    /// <summary>The PNG file: <paramref name="digit"/> (<paramref name="width"/>·<paramref name="height"/> grey bytes, row-major) with <paramref name="map"/> (one value per pixel) drawn over it.</summary>
    /// <exception cref="ArgumentException">The digit or the map does not have one value per pixel, or the map holds a value that is not finite.</exception>
    public static byte[] Encode(int width, int height, IReadOnlyList<byte> digit, IReadOnlyList<float> map)
    {
        var colours = HeatmapColours.Of(width, height, digit, map);
        var samples = new byte[colours.Length * GreyPng.RgbChannels];
        for (var i = 0; i < colours.Length; i++)
            (samples[3 * i], samples[(3 * i) + 1], samples[(3 * i) + 2]) = colours[i];
        return GreyPng.Encode(samples, width, height, GreyPng.RgbChannels);
    }

    /// <summary><see cref="Encode"/> as a <c>data:image/png;base64,...</c> URI, for an <c>img</c> element's <c>src</c>.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Encode"/>.</exception>
    public static string ToDataUri(int width, int height, IReadOnlyList<byte> digit, IReadOnlyList<float> map) =>
        "data:image/png;base64," + Convert.ToBase64String(Encode(width, height, digit, map));
}
