using System.Globalization;

namespace Mnist.Functional.Datasets;

/// <summary>The size of a dataset's images: one grey channel of <see cref="Height"/> rows by <see cref="Width"/> columns.</summary>
/// <param name="Height">Rows per image.</param>
/// <param name="Width">Columns per image.</param>
public readonly record struct ImageShape(int Height, int Width)
{
    /// <summary>MNIST's 28 × 28, which every catalogue dataset and every folder of a person's images has.</summary>
    public static ImageShape Mnist { get; } = new(28, 28);

    /// <summary>Pixels per image, <c>Height × Width</c>.</summary>
    public long Pixels => (long)Height * Width;

    /// <summary>The shape of one sample as a network takes it: <c>[1, Height, Width]</c> (channels first).</summary>
    public long[] SampleShape => [1, Height, Width];

    /// <summary>The shape as people read it: <c>28 × 28</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Height} × {Width}");
}
