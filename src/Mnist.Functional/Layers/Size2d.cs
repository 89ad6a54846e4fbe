using System.Globalization;

namespace Mnist.Functional.Layers;

/// <summary>A (height, width) pair for kernel sizes, strides, paddings and dilations; an <see langword="int"/> means both.</summary>
/// <param name="Height">The size along the height (rows).</param>
/// <param name="Width">The size along the width (columns).</param>
public readonly record struct Size2d(int Height, int Width)
{
    /// <summary>The same size in both directions: <c>3</c> is <c>(3, 3)</c>.</summary>
    public static implicit operator Size2d(int size) => new(size, size);

    /// <summary>A (height, width) tuple.</summary>
    public static implicit operator Size2d((int Height, int Width) size) => new(size.Height, size.Width);

    /// <summary>The pair as TorchSharp's functional ops take it: <c>[height, width]</c>.</summary>
    public long[] ToArray() => [Height, Width];

    /// <summary>Whether both sizes are at least <paramref name="minimum"/>.</summary>
    public bool AtLeast(int minimum) => Height >= minimum && Width >= minimum;

    /// <summary><c>3</c> when square, else <c>(3, 5)</c>, as PyTorch prints them.</summary>
    public override string ToString() => Height == Width
        ? Height.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"({Height}, {Width})");
}
