using Mnist.Functional.Explain;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

public sealed class IntegratedGradientsTests
{
    [TestCase(Quadrature.GaussLegendre, 2)]
    [TestCase(Quadrature.Trapezoid, 2)]
    [TestCase(Quadrature.GaussLegendre, 50)]
    public void On_A_Linear_Model_Any_Quadrature_Gives_The_Exact_Map_And_A_Zero_Delta(Quadrature quadrature, int steps)
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.Linear10());
        var inputs = ExplainModels.Digits(2);
        var targets = tensor(new long[] { 2, 8 });
        var weight = score.Variables.Params["1.weight"];
        const double baseline = 0.25;

        var attribution = new IntegratedGradients(steps, baseline, quadrature).Attribute(score, inputs, targets);

        var expected = (inputs - baseline) * (weight.index_select(0, targets) / ExplainModels.Mnist.Std).view(2, 1, 28, 28);
        Assert.Multiple(() =>
        {
            TensorAssert.Close(attribution.Map, expected, 1e-6, "map");
            TensorAssert.Close(attribution.BaselineScores!, score.Of(full_like(inputs, baseline), targets), 1e-5, "baseline scores");
            TensorAssert.Close(attribution.ConvergenceDelta!, zeros(2), 1e-5, "delta");
        });
    }

    [Test]
    public void The_Delta_Is_The_Maps_Sum_Less_The_Score_Difference_Between_Input_And_Baseline()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var inputs = ExplainModels.Digits(3);
        var targets = tensor(new long[] { 0, 5, 9 });

        var attribution = new IntegratedGradients(steps: 8).Attribute(score, inputs, targets);

        var difference = score.Of(inputs, targets) - score.Of(zeros_like(inputs), targets);
        Assert.Multiple(() =>
        {
            TensorAssert.Close(attribution.Scores - attribution.BaselineScores!, difference, 1e-5, "score difference");
            TensorAssert.Close(attribution.ConvergenceDelta!, attribution.Map.flatten(1).sum(1) - difference, 1e-5, "delta");
            Assert.That(attribution.ConvergenceDelta!.abs().max().item<float>(), Is.GreaterThan(1e-6f), "8 steps leave a visible error on a ReLU network");
        });
    }

    [TestCase(Quadrature.GaussLegendre)]
    [TestCase(Quadrature.Trapezoid)]
    public void On_A_Smooth_Model_The_Delta_Shrinks_As_Steps_Grow(Quadrature quadrature)
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.Smooth());
        var inputs = ExplainModels.Digits(2);
        var targets = tensor(new long[] { 4, 1 });

        double Delta(int steps) => new IntegratedGradients(steps, quadrature: quadrature).Attribute(score, inputs, targets).ConvergenceDelta!.abs().max().item<float>();

        var (few, many) = (Delta(2), Delta(200));
        var difference = (score.Of(inputs, targets) - score.Of(zeros_like(inputs), targets)).abs().min().item<float>();
        Assert.Multiple(() =>
        {
            Assert.That(many, Is.LessThan(few));
            Assert.That(many, Is.LessThan(1e-3 * difference));
        });
    }

    [Test]
    public void Settings_Out_Of_Bounds_Are_Refused_When_Made_And_When_Changed()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new IntegratedGradients(steps: IntegratedGradients.MinSteps - 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new IntegratedGradients(steps: IntegratedGradients.MaxSteps + 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new IntegratedGradients(baseline: double.NaN));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new IntegratedGradients() with { Steps = 0 });
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new IntegratedGradients(quadrature: (Quadrature)7));
        });
    }

    [Test]
    public void The_Settings_Name_The_Method_Steps_Baseline_And_Quadrature()
    {
        Assert.That(new IntegratedGradients(64, 0.5, Quadrature.Trapezoid).Settings().ToJsonString(),
            Is.EqualTo("""{"method":"integrated-gradients","steps":64,"baseline":0.5,"quadrature":"trapezoid"}"""));
    }
}
