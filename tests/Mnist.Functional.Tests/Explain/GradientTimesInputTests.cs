using Mnist.Functional.Explain;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

public sealed class GradientTimesInputTests
{
    [Test]
    public void The_Map_Is_The_Input_Times_The_Signed_Gradient_And_Zero_On_Black_Pixels()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var inputs = ExplainModels.Digits(3);
        var targets = tensor(new long[] { 1, 2, 3 });

        var map = new GradientTimesInput().Attribute(score, inputs, targets).Map;
        var gradient = new Saliency(Absolute: false).Attribute(score, inputs, targets).Map;

        Assert.Multiple(() =>
        {
            TensorAssert.Close(map, inputs * gradient, 1e-7, "map");
            Assert.That(map.masked_select(inputs.eq(0)).abs().max().item<float>(), Is.Zero, "black pixels");
        });
    }

    [Test]
    public void On_A_Linear_Model_The_Map_Is_Each_Pixel_Times_Its_Weight_Over_The_Normalising_Deviation()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.Linear10());
        var inputs = ExplainModels.Digits(2);
        var targets = tensor(new long[] { 6, 0 });
        var weight = score.Variables.Params["1.weight"];

        var map = new GradientTimesInput().Attribute(score, inputs, targets).Map;

        var expected = inputs * (weight.index_select(0, targets) / ExplainModels.Mnist.Std).view(2, 1, 28, 28);
        TensorAssert.Close(map, expected, 1e-6, "map");
    }
}
