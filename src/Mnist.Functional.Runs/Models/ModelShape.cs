using System.Globalization;

namespace Mnist.Functional.Models;

/// <summary>What a network must fit: one grey channel of <see cref="Height"/> × <see cref="Width"/> pixels in, one score per class out.</summary>
/// <param name="Height">Rows of the input images.</param>
/// <param name="Width">Columns of the input images.</param>
/// <param name="Classes">Scores per sample.</param>
public readonly record struct ModelShape(int Height, int Width, int Classes)
{
    /// <summary>MNIST's: 28 × 28 images, 10 classes.</summary>
    public static ModelShape Mnist { get; } = new(28, 28, 10);

    /// <summary>The input of one batch of one sample: <c>[1, 1, Height, Width]</c>.</summary>
    public long[] Input => [1, 1, Height, Width];

    /// <summary>The shape in words: <c>28 × 28 images, 10 classes</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Height} × {Width} images, {Classes} classes");
}
