using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// A corruption of MNIST-C (Mu &amp; Gilmer 2019, "MNIST-C: A Robustness Benchmark for Computer Vision") as a value:
/// its name, where its definition comes from, and the function, <c>digits: [N, 28, 28] float32 in [0, 1] -> [N, 28, 28]
/// float32 in [0, 1]</c>, that draws every random choice from the generator it is given, so that the same seed gives
/// the same images.
/// </summary>
/// <param name="Name">The name MNIST-C gives it, such as <c>shot_noise</c>.</param>
/// <param name="Description">What it does, with its parameters at the benchmark's severity.</param>
/// <param name="Function">The corruption on inputs already checked; use <see cref="Apply(Tensor, Generator)"/>.</param>
public sealed record Corruption(string Name, string Description, Func<Tensor, Generator, Tensor> Function)
{
    /// <summary>The corrupted digits: <c>[N, 28, 28] float32 in [0, 1] -> [N, 28, 28] float32 in [0, 1]</c>, random choices drawn from <paramref name="generator"/>.</summary>
    /// <exception cref="ArgumentException">The digits are not <c>[N, 28, 28]</c> float32 with every value in [0, 1].</exception>
    /// <exception cref="InvalidOperationException">The result has another shape or leaves [0, 1] (a fault in the corruption).</exception>
    public Tensor Apply(Tensor digits, Generator generator)
    {
        Require(digits, "The digits to corrupt", error: message => new ArgumentException(message, nameof(digits)));
        if (digits.shape[0] == 0)
            return digits.clone();
        using var scope = NewDisposeScope();
        var corrupted = Function(digits, generator);
        Require(corrupted, $"The {Name} corruption's result", error: message => new InvalidOperationException(message));
        return corrupted.MoveToOuterDisposeScope();
    }

    /// <summary>The corrupted digits, random choices drawn from a generator seeded with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The digits are not <c>[N, 28, 28]</c> float32 with every value in [0, 1].</exception>
    public Tensor Apply(Tensor digits, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return Apply(digits, generator);
    }

    private static void Require(Tensor digits, string what, Func<string, Exception> error)
    {
        if (digits.dim() != 3 || digits.shape[1] != Side || digits.shape[2] != Side || digits.dtype != ScalarType.Float32)
            throw error($"{what} must be [N, 28, 28] float32, not {Tensors.Shapes.Format(digits.shape)} {digits.dtype}.");
        if (digits.numel() == 0)
            return;
        using var scope = NewDisposeScope();
        var (lowest, highest) = (digits.min().item<float>(), digits.max().item<float>());
        if (!(lowest >= 0 && highest <= 1))
            throw error($"{what} must have every pixel in [0, 1], but its pixels span [{lowest}, {highest}].");
    }

    /// <summary>The side of an MNIST digit, 28 pixels.</summary>
    internal const int Side = 28;
}
