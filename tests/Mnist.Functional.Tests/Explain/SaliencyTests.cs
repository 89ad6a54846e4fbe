using Mnist.Functional.Explain;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

public sealed class SaliencyTests
{
    private static readonly int[] EveryPixel = [.. Enumerable.Range(0, 28 * 28)];

    [Test]
    public void Given_A_Batch_When_Explained_Then_The_Map_Has_The_Inputs_Shape_And_Is_The_Absolute_Signed_Map()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.Smooth());
        var inputs = ExplainModels.Digits(3);
        var targets = tensor(new long[] { 0, 4, 9 });

        var absolute = new Saliency().Attribute(score, inputs, targets);
        var signed = new Saliency(Absolute: false).Attribute(score, inputs, targets);

        Assert.Multiple(() =>
        {
            Assert.That(absolute.Map.shape, Is.EqualTo(inputs.shape));
            Assert.That(absolute.Scores.shape, Is.EqualTo(new long[] { 3 }));
            Assert.That(absolute.ConvergenceDelta, Is.Null);
            TensorAssert.BitIdentical(absolute.Map, signed.Map.abs(), "absolute map");
            Assert.That(signed.Map.lt(0).any().item<bool>(), Is.True, "a signed map keeps negative gradients");
        });
    }

    [TestCase(ScoreKind.Logit)]
    [TestCase(ScoreKind.Probability)]
    public void Signed_Saliency_Equals_Central_Finite_Differences_Of_The_Score_At_Every_Pixel(ScoreKind kind)
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.Smooth(), kind: kind);
        var inputs = ExplainModels.Digits(2);
        var targets = tensor(new long[] { 3, 7 });

        var map = new Saliency(Absolute: false).Attribute(score, inputs, targets).Map;

        for (var sample = 0; sample < 2; sample++)
        {
            var numeric = ScoreFiniteDifferences.Gradient(score, inputs, targets, sample, EveryPixel);
            var largest = numeric.Max(Math.Abs);
            Assert.That(ScoreFiniteDifferences.At(map, sample, EveryPixel), Is.EqualTo(numeric).Within(1e-5 * largest), $"sample {sample}");
        }
    }

    [Test]
    public void Saliency_Through_A_Five_By_Five_Convolution_With_Six_Channels_Equals_Finite_Differences()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        // Pixels all different: on a digit's flat background, max-pooling ties make finite differences one-sided.
        var inputs = rand([1, 1, 28, 28], generator: new Generator(3));
        var targets = tensor(new long[] { 5 });
        int[] pixels = [.. Enumerable.Range(0, 60).Select(k => k * 13 % 784)];

        var map = new Saliency(Absolute: false).Attribute(score, inputs, targets).Map;

        var numeric = ScoreFiniteDifferences.Gradient(score, inputs, targets, 0, pixels);
        Assert.That(ScoreFiniteDifferences.At(map, 0, pixels), Is.EqualTo(numeric).Within(1e-5 * numeric.Max(Math.Abs)));
    }
}
