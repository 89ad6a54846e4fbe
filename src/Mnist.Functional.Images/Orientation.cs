using SkiaSharp;

namespace Mnist.Functional.Images;

/// <summary>EXIF orientation: turns an image stored sideways or mirrored (as phones store photos) upright.</summary>
public static class Orientation
{
    /// <summary>
    /// <paramref name="stored"/> as it should be seen, for an EXIF <paramref name="origin"/> (tag 274: where the stored
    /// first row and column belong). Orientations 5–8 swap width and height.
    /// </summary>
    /// <remarks>
    /// With the stored image <c>s</c> of width <c>w</c> and height <c>h</c>, the upright pixel (x, y) is:
    /// 1 <c>s(x, y)</c>; 2 <c>s(w−1−x, y)</c>; 3 <c>s(w−1−x, h−1−y)</c>; 4 <c>s(x, h−1−y)</c>;
    /// 5 <c>s(y, x)</c>; 6 <c>s(y, h−1−x)</c>; 7 <c>s(w−1−y, h−1−x)</c>; 8 <c>s(w−1−y, x)</c>.
    /// </remarks>
    public static GreyImage Upright(GreyImage stored, SKEncodedOrigin origin)
    {
        var (w, h) = (stored.Width, stored.Height);
        return origin switch
        {
            SKEncodedOrigin.TopRight => GreyImage.Generate(w, h, (x, y) => stored[w - 1 - x, y]),
            SKEncodedOrigin.BottomRight => GreyImage.Generate(w, h, (x, y) => stored[w - 1 - x, h - 1 - y]),
            SKEncodedOrigin.BottomLeft => GreyImage.Generate(w, h, (x, y) => stored[x, h - 1 - y]),
            SKEncodedOrigin.LeftTop => GreyImage.Generate(h, w, (x, y) => stored[y, x]),
            SKEncodedOrigin.RightTop => GreyImage.Generate(h, w, (x, y) => stored[y, h - 1 - x]),
            SKEncodedOrigin.RightBottom => GreyImage.Generate(h, w, (x, y) => stored[w - 1 - y, h - 1 - x]),
            SKEncodedOrigin.LeftBottom => GreyImage.Generate(h, w, (x, y) => stored[w - 1 - y, x]),
            _ => stored,
        };
    }
}
