using Mnist.Functional.Robustness.Corruptions;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness.Corruptions;

/// <summary>The Gaussian filter, glass blur and motion blur.</summary>
public sealed class BlurTests
{
    [Test]
    public void Gaussian_filter_spreads_a_dot_as_scipys_normalised_kernel_and_extends_edges()
    {
        using var scope = NewDisposeScope();
        var blurred = GaussianFilter.Apply(SampleDigits.Dot(14, 14), sigma: 1);
        // radius int(4·1 + 0.5) = 4: weights exp(−x²/2) over −4…4, normalised; the 2-D kernel is their outer product.
        var weights = Enumerable.Range(-4, 9).Select(x => Math.Exp(-0.5 * x * x)).ToArray();
        var w = weights.Select(weight => weight / weights.Sum()).ToArray();
        Assert.That(blurred[0, 14, 14].item<float>(), Is.EqualTo(w[4] * w[4]).Within(1e-6));
        Assert.That(blurred[0, 13, 16].item<float>(), Is.EqualTo(w[3] * w[6]).Within(1e-6));
        Assert.That(blurred.sum().item<float>(), Is.EqualTo(1f).Within(1e-5));
        TensorAssert.Close(GaussianFilter.Apply(full(1, 28, 28, 0.3f), sigma: 1.5), full(1, 28, 28, 0.3f), 1e-6, "a flat image stays flat at the edges");
    }

    [Test]
    public void Glass_blur_keeps_the_ink_roughly_where_it_was()
    {
        using var scope = NewDisposeScope();
        var digits = SampleDigits.Sevens(4);
        var blurred = GlassBlur.Corruption.Apply(digits, seed: 3);
        Assert.That(blurred.sum().item<float>() / digits.sum().item<float>(), Is.EqualTo(1).Within(0.1), "the shuffle and the blurs move ink, they do not make it");
        Assert.That(TensorAssert.MaxDifference(blurred[0], blurred[1]), Is.GreaterThan(0), "each digit is shuffled on its own");
    }

    [Test]
    public void Motion_blur_leaves_a_one_sided_trail_of_21_taps()
    {
        using var scope = NewDisposeScope();
        var trails = MotionBlur.Corruption.Apply(SampleDigits.Dot(14, 20).expand(8, 28, 28).contiguous(), seed: 2);
        for (var i = 0; i < 8; i++)
        {
            var trail = trails[i];
            // Output (x, y) reads the input at (x + ox, y + oy) with ox ≥ 0 (angles within ±45°): the trail lies left of the dot.
            var columns = trail.gt(0).nonzero()[TensorIndex.Colon, 1];
            Assert.That(columns.max().item<long>(), Is.LessThanOrEqualTo(20));
            Assert.That(columns.min().item<long>(), Is.GreaterThanOrEqualTo(20 - 20));
            Assert.That(trail[14, 20].item<float>(), Is.GreaterThan(0.1f), "the dot keeps the largest weight, 1/Σ exp(−i²/18)");
        }
        Assert.That(trails.mul(255).round().sub(trails.mul(255)).abs().max().item<float>(), Is.LessThan(1e-3f), "8-bit values");
    }
}
