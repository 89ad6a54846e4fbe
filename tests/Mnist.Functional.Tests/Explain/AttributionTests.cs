using Mnist.Functional.Explain;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

public sealed class AttributionTests
{
    [Test]
    public void Integrated_Gradients_Of_One_Class_Less_Another_Is_Integrated_Gradients_Of_The_Score_Difference()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var inputs = ExplainModels.Digits(2);
        var method = new IntegratedGradients(steps: 10);
        var (nine, four) = (tensor(new long[] { 9, 9 }), tensor(new long[] { 4, 4 }));

        var contrast = method.Attribute(score, inputs, nine).Minus(method.Attribute(score, inputs, four));

        var difference = score.Of(inputs, nine) - score.Of(inputs, four);
        Assert.Multiple(() =>
        {
            TensorAssert.Close(contrast.Scores, difference, 1e-5, "scores");
            TensorAssert.Close(contrast.ConvergenceDelta!, contrast.Map.flatten(1).sum(1) - (contrast.Scores - contrast.BaselineScores!), 1e-5, "delta");
        });
    }

    [Test]
    public void Attributions_Of_Different_Methods_Or_Shapes_Are_Not_Subtracted()
    {
        using var scope = NewDisposeScope();
        var withDelta = new Attribution(zeros(1, 4), zeros(1), zeros(1), zeros(1));
        var without = new Attribution(zeros(1, 4), zeros(1));

        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => withDelta.Minus(without));
            Assert.Throws<ArgumentException>(() => without.Minus(new Attribution(zeros(1, 5), zeros(1))));
        });
    }

    [Test]
    public void The_Relative_Delta_Is_The_Deltas_Size_Over_The_Score_Differences()
    {
        using var scope = NewDisposeScope();
        var attribution = new Attribution(zeros(2, 4), tensor(new[] { 3f, -1f }), tensor(new[] { 1f, 1f }), tensor(new[] { 0.02f, -0.5f }));

        Assert.That(attribution.RelativeConvergenceDelta()!.data<double>().ToArray(), Is.EqualTo(new[] { 0.01, 0.25 }).Within(1e-7));
    }
}
