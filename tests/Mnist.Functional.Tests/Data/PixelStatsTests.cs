using Mnist.Functional.Data;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Data;

public sealed class PixelStatsTests
{
    [TestCase(1)]
    [TestCase(31)]
    [TestCase(28 * 28 * 7 + 5)]
    [TestCase(32 * 4096 * 3 + 17)]
    public void The_Statistics_Equal_Torch_In_Float64_For_Any_Length(int length)
    {
        using var scope = NewDisposeScope();
        var pixels = randint(0, 256, [length], dtype: uint8, generator: new Generator(42));
        var scaled = pixels.to_type(float64).div(255.0);

        var stats = PixelStats.Of(pixels);

        Assert.Multiple(() =>
        {
            Assert.That(stats.Mean, Is.EqualTo(scaled.mean().item<double>()).Within(1e-12));
            Assert.That(stats.Std, Is.EqualTo(scaled.std(unbiased: false).item<double>()).Within(1e-9));
        });
    }

    [Test]
    public void All_White_Pixels_Have_Mean_One_And_No_Spread()
    {
        var stats = PixelStats.Of(Enumerable.Repeat((byte)255, 1000).ToArray());

        Assert.That((stats.Mean, stats.Std), Is.EqualTo((1.0, 0.0)));
    }
}
