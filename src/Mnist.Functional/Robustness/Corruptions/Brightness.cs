using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>brightness</c> at severity 5 (corruptions.py's default, c = 0.5): the grey image goes to HSV, 0.5 is
/// added to its value and clipped, and it comes back to grey. For a grey image V is the pixel itself and the way back
/// gives it unchanged (the luma weights 0.2125 + 0.7154 + 0.0721 sum to 1), so this is <c>x' = min(x + 0.5, 1)</c>.
/// </summary>
public static class Brightness
{
    /// <summary>What is added to every pixel.</summary>
    public const double Shift = 0.5;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("brightness", "Brighter: x + 0.5, clipped to 1", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scalars = new ScalarScope();
        return digits.add(scalars.Of(Shift)).clamp_(scalars.Of(0.0), scalars.Of(1.0));
    }
}
