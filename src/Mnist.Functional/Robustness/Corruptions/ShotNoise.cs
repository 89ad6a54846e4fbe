using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness.Corruptions;

/// <summary>
/// MNIST-C's <c>shot_noise</c>: photon noise, <c>x' = clip(Poisson(λ·x) / λ, 0, 1)</c> with λ = 3, the severity 5 that
/// google-research/mnist-c's corruptions.py uses by default for it.
/// </summary>
public static class ShotNoise
{
    /// <summary>λ, photons per unit of brightness: the fewer, the noisier.</summary>
    public const double Photons = 3;

    /// <summary>The corruption.</summary>
    public static Corruption Corruption { get; } = new("shot_noise", "Poisson noise: Poisson(3·x)/3, clipped to [0, 1]", Apply);

    private static Tensor Apply(Tensor digits, Generator generator)
    {
        using var scalars = new ScalarScope();
        return poisson(digits.mul(scalars.Of(Photons)), generator).div_(scalars.Of(Photons)).clamp_(scalars.Of(0.0), scalars.Of(1.0));
    }
}
