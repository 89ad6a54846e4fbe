using Mnist.Functional.Explain;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

public sealed class DeletionCurveTests
{
    [Test]
    public void On_A_Linear_Model_The_Curve_Follows_The_Score_As_Pixels_Go_In_The_Maps_Order()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.Linear10());
        var inputs = ExplainModels.Digits(2);
        var targets = tensor(new long[] { 3, 5 });
        var order = arange(784, 0, -1, dtype: float32).view(1, 1, 28, 28).expand(2, 1, 28, 28).contiguous();

        var curve = DeletionCurve.Measure(score, inputs, targets, order, steps: 4, batchSize: 1);

        // The map ranks pixels in reading order, so each quarter of the image goes in turn.
        var expected = Enumerable.Range(0, 5).Select(k =>
        {
            var deleted = inputs.clone();
            deleted.view(2, -1).narrow(1, 0, k * 196).fill_(0);
            return score.Of(deleted, targets).mean().item<float>();
        });
        Assert.That(curve, Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void The_Area_Is_The_Trapezoid_Rule_Over_The_Unit_Interval()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DeletionCurve.Area([1, 0]), Is.EqualTo(0.5));
            Assert.That(DeletionCurve.Area([1, 1, 0]), Is.EqualTo(0.75));
            Assert.Throws<ArgumentException>(() => DeletionCurve.Area([1]));
        });
    }

    [Test]
    public void Maps_That_Do_Not_Match_The_Inputs_Are_Refused()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.Linear10());
        Assert.Throws<ArgumentException>(() => DeletionCurve.Measure(score, zeros(2, 1, 28, 28), tensor(new long[] { 0, 1 }), zeros(1, 1, 28, 28)));
    }
}
