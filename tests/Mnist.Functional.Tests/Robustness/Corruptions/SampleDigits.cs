using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness.Corruptions;

/// <summary>Digit-like images for the corruption tests: <c>[N, 28, 28] float32</c> in [0, 1].</summary>
internal static class SampleDigits
{
    /// <summary><paramref name="count"/> copies of a "7": a bar across rows 6–8, columns 8–19, and a stroke down from its right end to row 21, drawn in grey 0.9 with a soft edge of 0.4.</summary>
    public static Tensor Sevens(long count)
    {
        var image = new float[28 * 28];
        void Paint(int row, int column, float value) => image[(row * 28) + column] = Math.Max(image[(row * 28) + column], value);
        for (var row = 6; row <= 8; row++)
            for (var column = 8; column <= 19; column++)
                Paint(row, column, 0.9f);
        for (var row = 9; row <= 21; row++)
            for (var column = 17; column <= 19; column++)
                Paint(row, column - ((row - 9) / 3), 0.9f);
        for (var column = 7; column <= 20; column++)
            Paint(5, column, 0.4f);
        return tensor(image).reshape(1, 28, 28).expand(count, 28, 28).contiguous();
    }

    /// <summary>A black image with one pixel of 1 at (<paramref name="row"/>, <paramref name="column"/>): <c>[1, 28, 28]</c>.</summary>
    public static Tensor Dot(int row, int column)
    {
        var image = zeros(1, 28, 28);
        image[0, row, column] = tensor(1f);
        return image;
    }

    /// <summary>The (row, column) of each image's brightest pixel.</summary>
    public static (long Row, long Column) Brightest(Tensor image)
    {
        var index = image.flatten().argmax().item<long>();
        return (index / 28, index % 28);
    }
}
