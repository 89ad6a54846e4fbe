namespace Mnist.Functional.Reports;

/// <summary>Grey images stored one after another, row-major: <c>[N, Height, Width]</c> bytes, 0 black and 255 white.</summary>
public sealed class DigitImages
{
    private readonly ReadOnlyMemory<byte> pixels;

    /// <summary>Wraps <paramref name="pixels"/>, whose length must be a multiple of <paramref name="height"/>·<paramref name="width"/>.</summary>
    /// <exception cref="ArgumentException">The length is not a whole number of images.</exception>
    public DigitImages(ReadOnlyMemory<byte> pixels, int height = 28, int width = 28)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (pixels.Length % (height * width) != 0)
            throw new ArgumentException($"{pixels.Length} bytes are not a whole number of {height}×{width} images.", nameof(pixels));
        this.pixels = pixels;
        Height = height;
        Width = width;
    }

    /// <summary>Rows per image.</summary>
    public int Height { get; }

    /// <summary>Columns per image.</summary>
    public int Width { get; }

    /// <summary>Number of images, N.</summary>
    public int Count => pixels.Length / (Height * Width);

    /// <summary>The pixels of image <paramref name="index"/>: <c>[Height, Width]</c>, row-major.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return pixels.Span.Slice(index * Height * Width, Height * Width);
        }
    }
}
