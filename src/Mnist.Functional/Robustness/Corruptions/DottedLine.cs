using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>dotted_line</c>: a line across the image from column 0 at a random row r0 to column 27 at a random
/// row r1 (each uniform in 0…26), drawn as <see cref="LineStrip"/> draws it and then cut into dashes: the columns
/// whose pair index ⌊c/2⌋ is even (0–1, 4–5, …, 24–25) are left out, and column 27, past the line's last column
/// ⌈27⌉ = 27, is too; added to the digit and clipped at 1.
/// </summary>
public static class DottedLine
{
    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("dotted_line", "A dashed line from the left to the right edge at random rows", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        var count = (int)digits.shape[0];
        var rows = randint(0, Corruption.Side - 1, [count, 2], dtype: ScalarType.Int32, generator: generator).data<int>().ToArray();
        var line = new float[Corruption.Side * Corruption.Side];
        var dashes = new float[count * line.Length];
        for (var image = 0; image < count; image++)
        {
            Array.Clear(line);
            LineStrip.Draw(line, 0, rows[2 * image], Corruption.Side - 1, rows[(2 * image) + 1]);
            for (var pixel = 0; pixel < line.Length; pixel++)
                if ((pixel % Corruption.Side / 2) % 2 == 1)
                    dashes[(image * line.Length) + pixel] = line[pixel];
        }
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        return digits.add(tensor(dashes, digits.shape)).clamp_(scalars.Of(0.0), scalars.Of(1.0)).MoveToOuterDisposeScope();
    }
}
