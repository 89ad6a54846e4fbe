using Mnist.Functional.Explain;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

public sealed class SmoothGradTests
{
    [Test]
    public void The_Same_Seed_Gives_The_Same_Map_Whatever_Else_Is_In_The_Batch_And_Another_Seed_Another()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var inputs = ExplainModels.Digits(4);
        var targets = tensor(new long[] { 3, 1, 4, 1 });
        var method = new SmoothGrad(samples: 6, seed: 11);

        var together = method.Attribute(score, inputs, targets, batchSize: 7).Map;
        var alone = method.Attribute(score, inputs.narrow(0, 2, 1), targets.narrow(0, 2, 1)).Map;
        var reseeded = (method with { Seed = 12 }).Attribute(score, inputs, targets).Map;

        Assert.Multiple(() =>
        {
            TensorAssert.Close(alone, together.narrow(0, 2, 1), 1e-7, "one digit alone and in a batch");
            TensorAssert.BitIdentical(method.Attribute(score, inputs, targets, batchSize: 7).Map, together, "explained twice");
            Assert.That(TensorAssert.MaxDifference(reseeded, together), Is.GreaterThan(1e-6), "another seed");
        });
    }

    [Test]
    public void The_Map_Is_The_Mean_Saliency_Over_The_Seeded_Noisy_Copies()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.Smooth());
        var inputs = ExplainModels.Digits(2);
        var targets = tensor(new long[] { 7, 2 });
        const int samples = 3;
        const double noise = 0.2;

        var map = new SmoothGrad(samples, noise, seed: 5, absolute: false).Attribute(score, inputs, targets).Map;

        var draws = randn([samples, 1, 28, 28], generator: new Generator(5)) * noise;
        var expected = Enumerable.Range(0, samples)
            .Select(j => new Saliency(Absolute: false).Attribute(score, inputs + draws[j], targets).Map)
            .Aggregate((sum, next) => sum + next) / samples;
        TensorAssert.Close(map, expected, 1e-6, "map");
    }

    [Test]
    public void Settings_Out_Of_Bounds_Are_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SmoothGrad(samples: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SmoothGrad(samples: SmoothGrad.MaxSamples + 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SmoothGrad(noise: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SmoothGrad(noise: double.PositiveInfinity));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SmoothGrad() with { Samples = -1 });
        });
    }
}
