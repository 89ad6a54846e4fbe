using Mnist.Functional.Robustness.Corruptions;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness.Corruptions;

/// <summary>Fog and spatter.</summary>
public sealed class FogAndSpatterTests
{
    [Test]
    public void Fog_rescales_the_digit_and_covers_it_with_a_smooth_haze()
    {
        using var scope = NewDisposeScope();
        var black = zeros(3, 28, 28);
        Assert.That(Fog.Corruption.Apply(black, seed: 1).max().item<float>(), Is.EqualTo(0f), "m = 0 scales everything to 0, as in corruptions.py");
        var digits = SampleDigits.Sevens(3);
        var foggy = Fog.Corruption.Apply(digits, seed: 1);
        // x' = (x + 3·fog) · 0.9 / 3.9: pixels of the digit lose contrast but stay brighter than the fog around them.
        Assert.That(foggy.max().item<float>(), Is.LessThanOrEqualTo((float)((0.9 + 3) * 0.9 / 3.9) + 1e-6f));
        Assert.That(foggy.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
        var neighbours = (foggy[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(1, null)]
                          - foggy[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(null, -1)]).abs().mean().item<float>();
        Assert.That(neighbours, Is.LessThan(0.1f), "the fractal is smooth at this scale");
    }

    [Test]
    public void Spatter_covers_some_pixels_with_mud_of_grey_63()
    {
        using var scope = NewDisposeScope();
        var white = full(50, 28, 28, 1f);
        var spattered = Spatter.Corruption.Apply(white, seed: 2);
        var covered = spattered.lt(1).to(float32).mean().item<float>();
        Assert.That(covered, Is.GreaterThan(0.001f).And.LessThan(0.5f));
        Assert.That(spattered.min().item<float>(), Is.GreaterThanOrEqualTo((float)Spatter.Mud - 1e-6f), "mud never darker than its grey on white");
        Assert.That(Spatter.Corruption.Apply(zeros(50, 28, 28), seed: 2).max().item<float>(), Is.LessThanOrEqualTo((float)Spatter.Mud + 1e-6f));
    }
}
