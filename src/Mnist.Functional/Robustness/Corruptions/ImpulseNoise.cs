using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>impulse_noise</c>: salt and pepper, as <c>skimage.util.random_noise(x, mode='s&amp;p', amount=0.17)</c>
/// makes it (severity 4, corruptions.py's default): each pixel independently becomes white with probability 0.085
/// and black with probability 0.085.
/// </summary>
public static class ImpulseNoise
{
    /// <summary>The share of pixels replaced, half by white (salt), half by black (pepper).</summary>
    public const double Amount = 0.17;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("impulse_noise", "Salt and pepper: 17% of pixels set to white or black, half each", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var flipped = rand(digits.shape, generator: generator).lt_(scalars.Of(Amount)).to(ScalarType.Bool);
        var salted = rand(digits.shape, generator: generator).lt_(scalars.Of(0.5)).to(ScalarType.Bool);
        return digits.masked_fill(flipped.logical_and(salted), scalars.Of(1.0))
            .masked_fill_(flipped.logical_and(salted.logical_not()), scalars.Of(0.0))
            .MoveToOuterDisposeScope();
    }
}
