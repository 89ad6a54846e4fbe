using System.Drawing;

namespace Mnist.Functional.Images;

/// <summary>An 8-bit grey image: <c>[Height, Width]</c> bytes, row-major, 0 black and 255 white. Nothing changes it; every operation returns a new image.</summary>
public sealed record GreyImage
{
    /// <summary>Wraps <paramref name="pixels"/>, which must hold <paramref name="width"/>·<paramref name="height"/> bytes.</summary>
    /// <exception cref="ArgumentException">The sizes are not positive or the pixel count does not match them.</exception>
    public GreyImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != width * height)
            throw new ArgumentException($"A {width}×{height} image needs {width * height} pixels, not {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major; treat as read-only.</summary>
    public byte[] Pixels { get; }

    /// <summary>The pixel in column <paramref name="x"/> of row <paramref name="y"/>.</summary>
    public byte this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>An image of <paramref name="width"/>×<paramref name="height"/> whose pixel (x, y) is <paramref name="pixel"/>(x, y).</summary>
    public static GreyImage Generate(int width, int height, Func<int, int, byte> pixel)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                pixels[(y * width) + x] = pixel(x, y);
        return new GreyImage(width, height, pixels);
    }

    /// <summary>Each pixel mapped through <paramref name="map"/>.</summary>
    public GreyImage Select(Func<byte, byte> map) => new(Width, Height, Array.ConvertAll(Pixels, value => map(value)));

    /// <summary>The part of the image inside <paramref name="box"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The box is empty or reaches outside the image.</exception>
    public GreyImage Crop(Rectangle box)
    {
        if (box.Width < 1 || box.Height < 1 || box.Left < 0 || box.Top < 0 || box.Right > Width || box.Bottom > Height)
            throw new ArgumentOutOfRangeException(nameof(box), box, $"The box must lie inside the {Width}×{Height} image.");
        return Generate(box.Width, box.Height, (x, y) => this[box.Left + x, box.Top + y]);
    }
}
