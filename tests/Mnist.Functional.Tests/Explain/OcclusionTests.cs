using Mnist.Functional.Explain;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

public sealed class OcclusionTests
{
    [Test]
    public void A_One_Pixel_Window_On_A_Linear_Model_Gives_Each_Pixel_Times_Its_Weight()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.Linear10());
        var inputs = ExplainModels.Digits(2);
        var targets = tensor(new long[] { 1, 9 });
        var weight = score.Variables.Params["1.weight"];

        var map = new Occlusion(window: 1, stride: 1).Attribute(score, inputs, targets).Map;

        var expected = inputs * (weight.index_select(0, targets) / ExplainModels.Mnist.Std).view(2, 1, 28, 28);
        TensorAssert.Close(map, expected, 1e-5, "map");
    }

    [Test]
    public void Each_Pixel_Gets_The_Mean_Fall_Of_The_Windows_That_Cover_It_Counted_As_Captum_Does()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var inputs = ExplainModels.Digits(2);
        var targets = tensor(new long[] { 6, 3 });
        var method = new Occlusion(window: 5, stride: 3, fill: 0.5);

        var map = method.Attribute(score, inputs, targets, batchSize: 40).Map;

        // Windows at 0, 3, …, 24 on each axis, the last cut to 4 pixels by the edge.
        Assert.That(method.Offsets(28), Is.EqualTo(new long[] { 0, 3, 6, 9, 12, 15, 18, 21, 24 }));
        using var noGradient = no_grad();
        var exact = score.In(float64);
        var x = inputs.to(float64);
        var unoccluded = exact.Of(x, targets);
        var sum = zeros(2, 1, 28, 28, dtype: float64);
        var count = zeros(1, 1, 28, 28, dtype: float64);
        foreach (var row in method.Offsets(28))
            foreach (var column in method.Offsets(28))
            {
                var (height, width) = (Math.Min(5, 28 - row), Math.Min(5, 28 - column));
                var occluded = x.clone();
                occluded.narrow(2, row, height).narrow(3, column, width).fill_(0.5);
                var fall = (unoccluded - exact.Of(occluded, targets)).view(2, 1, 1, 1);
                sum.narrow(2, row, height).narrow(3, column, width).add_(fall);
                count.narrow(2, row, height).narrow(3, column, width).add_(1);
            }
        TensorAssert.Close(map, (sum / count).to(float32), 1e-5, "map");
    }

    [Test]
    public void Windows_Over_Black_Background_Filled_With_Black_Change_Nothing()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var inputs = zeros(1, 1, 28, 28);
        inputs.narrow(2, 10, 8).narrow(3, 10, 8).fill_(1);

        var map = new Occlusion().Attribute(score, inputs, tensor(new long[] { 0 })).Map;

        Assert.Multiple(() =>
        {
            Assert.That(map.narrow(2, 0, 6).abs().max().item<float>(), Is.LessThan(1e-9f), "top rows, never under a window that reaches the ink");
            Assert.That(map.narrow(2, 12, 4).narrow(3, 12, 4).abs().max().item<float>(), Is.GreaterThan(0), "the ink");
        });
    }

    [Test]
    public void Windows_That_Do_Not_Fit_Are_Refused_With_The_Size_That_Would()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());

        var error = Assert.Throws<ArgumentException>(() => new Occlusion(window: 29, stride: 1).Attribute(score, zeros(1, 1, 28, 28), tensor(new long[] { 0 })));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("29×29").And.Contain("at most 28"));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Occlusion(window: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Occlusion(window: 3, stride: 4));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Occlusion(fill: double.NaN));
        });
    }
}
