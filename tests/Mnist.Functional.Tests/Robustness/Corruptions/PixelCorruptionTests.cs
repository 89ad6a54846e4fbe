using Mnist.Functional.Robustness.Corruptions;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness.Corruptions;

/// <summary>Brightness, stripe, shot noise and impulse noise give MNIST-C's formulas.</summary>
public sealed class PixelCorruptionTests
{
    [Test]
    public void Brightness_adds_half_and_clips_at_1()
    {
        using var scope = NewDisposeScope();
        var digits = SampleDigits.Sevens(2);
        TensorAssert.BitIdentical(Brightness.Corruption.Apply(digits, seed: 1), (digits + 0.5f).clamp(0, 1));
    }

    [Test]
    public void Stripe_inverts_the_seven_outer_columns_each_side()
    {
        using var scope = NewDisposeScope();
        var digits = SampleDigits.Sevens(1);
        var striped = Stripe.Corruption.Apply(digits, seed: 1);
        var expected = digits.clone();
        expected[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 7)] = 1 - digits[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 7)];
        expected[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(21, 28)] = 1 - digits[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(21, 28)];
        TensorAssert.BitIdentical(striped, expected);
    }

    [Test]
    public void Shot_noise_counts_photons_in_thirds()
    {
        using var scope = NewDisposeScope();
        var grey = full(200, 28, 28, 0.5f);
        var noisy = ShotNoise.Corruption.Apply(grey, seed: 1);
        var levels = noisy.mul(3).round().sub(noisy.mul(3)).abs().max().item<float>();
        Assert.That(levels, Is.LessThan(1e-5f), "values are whole photons / 3");
        // Poisson(1.5) / 3, clipped at 1 (3 photons or more): mean Σ min(k, 3) P(k) / 3.
        var expected = Enumerable.Range(0, 40).Sum(k => Math.Min(k, 3) * Math.Exp(-1.5) * Math.Pow(1.5, k) / Enumerable.Range(1, k).Aggregate(1.0, (a, b) => a * b)) / 3;
        Assert.That(noisy.mean().item<float>(), Is.EqualTo(expected).Within(0.005));
    }

    [Test]
    public void Impulse_noise_whitens_and_blackens_8_5_percent_of_pixels_each()
    {
        using var scope = NewDisposeScope();
        var grey = full(200, 28, 28, 0.5f);
        var noisy = ImpulseNoise.Corruption.Apply(grey, seed: 1);
        Assert.Multiple(() =>
        {
            Assert.That(noisy.eq(1).to(float32).mean().item<float>(), Is.EqualTo(0.085).Within(0.003));
            Assert.That(noisy.eq(0).to(float32).mean().item<float>(), Is.EqualTo(0.085).Within(0.003));
            Assert.That(noisy.eq(0.5f).to(float32).mean().item<float>(), Is.EqualTo(0.83).Within(0.004));
        });
    }
}
