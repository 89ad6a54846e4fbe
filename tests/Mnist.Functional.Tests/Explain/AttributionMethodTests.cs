using Mnist.Functional.Explain;
using Mnist.Functional.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

public sealed class AttributionMethodTests
{
    private static IEnumerable<TestCaseData> EveryMethod()
    {
        yield return new TestCaseData(new Saliency()).SetArgDisplayNames("saliency");
        yield return new TestCaseData(new GradientTimesInput()).SetArgDisplayNames("gradient-x-input");
        yield return new TestCaseData(new IntegratedGradients(steps: 6)).SetArgDisplayNames("integrated-gradients");
        yield return new TestCaseData(new SmoothGrad(samples: 4)).SetArgDisplayNames("smoothgrad");
        yield return new TestCaseData(new Occlusion(window: 7, stride: 7)).SetArgDisplayNames("occlusion");
    }

    [TestCaseSource(nameof(EveryMethod))]
    public void The_Result_Holds_No_Graph_And_Leaves_No_Tensor_Behind_But_Its_Own(AttributionMethod method)
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var inputs = ExplainModels.Digits(5);
        var targets = tensor(new long[] { 0, 1, 2, 3, 4 });
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var attribution = method.Attribute(score, inputs, targets, batchSize: 8);

        Tensor[] results = [attribution.Map, attribution.Scores, .. new[] { attribution.BaselineScores, attribution.ConvergenceDelta }.OfType<Tensor>()];
        Assert.Multiple(() =>
        {
            Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount - liveBefore, Is.EqualTo(results.Length), "live tensors besides the results");
            Assert.That(results.Select(tensor => tensor.requires_grad), Is.All.False, "requires_grad");
            Assert.That(results.Select(tensor => tensor.dtype), Is.All.EqualTo(ScalarType.Float32));
            Assert.That(score.Variables.Params.Tensors.Select(tensor => tensor.dtype), Is.All.EqualTo(ScalarType.Float32), "the model is left in float32");
        });
    }

    [TestCaseSource(nameof(EveryMethod))]
    public void A_Digits_Map_Does_Not_Depend_On_The_Batch_Size(AttributionMethod method)
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var inputs = ExplainModels.Digits(3);
        var targets = tensor(new long[] { 7, 7, 2 });

        var one = method.Attribute(score, inputs, targets, batchSize: 1);
        var all = method.Attribute(score, inputs, targets, batchSize: 1000);

        // float32 convolutions add up in another order for another batch size: equal to a few roundings.
        Assert.Multiple(() =>
        {
            TensorAssert.Close(one.Map, all.Map, 1e-6, "map");
            TensorAssert.Close(one.Scores, all.Scores, 1e-6, "scores");
        });
    }

    [TestCaseSource(nameof(EveryMethod))]
    public void Explaining_Twice_Gives_Identical_Maps(AttributionMethod method)
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var inputs = ExplainModels.Digits(2);
        var targets = tensor(new long[] { 4, 5 });

        TensorAssert.BitIdentical(method.Attribute(score, inputs, targets).Map, method.Attribute(score, inputs, targets).Map, "map");
    }

    [Test]
    public void Inputs_And_Targets_That_Do_Not_Fit_Are_Named()
    {
        using var scope = NewDisposeScope();
        var score = ExplainModels.ScoreOf(ExplainModels.LeNetLike());
        var method = new Saliency();

        Assert.Multiple(() =>
        {
            Assert.That(() => method.Attribute(score, zeros(2, 1, 28, 28, dtype: ScalarType.Byte), tensor(new long[] { 0, 1 })),
                Throws.ArgumentException.With.Message.Contains("floating-point"));
            Assert.That(() => method.Attribute(score, zeros(2, 1, 28, 28), tensor(new long[] { 0 })),
                Throws.ArgumentException.With.Message.Contains("2 inputs need 2 target classes"));
            Assert.That(() => method.Attribute(score, zeros(2, 1, 28, 28), tensor(new long[] { 0, 10 })),
                Throws.ArgumentException.With.Message.Contains("Target class 10 is not one of the model's 10 classes"));
            Assert.That(() => method.Attribute(score, zeros(28), tensor(new long[] { 0 })),
                Throws.ArgumentException.With.Message.Contains("[N, ...]"));
        });
    }

    [Test]
    public void Every_Method_Is_Listed_And_Made_With_Its_Defaults_Under_The_Name_It_Gives_Itself()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AttributionMethod.Names, Is.EqualTo(EveryMethod().Select(data => ((AttributionMethod)data.Arguments[0]!).Name)));
            Assert.That(AttributionMethod.Names.Select(name => AttributionMethod.Named(name).Name), Is.EqualTo(AttributionMethod.Names));
            Assert.That(AttributionMethod.Named(IntegratedGradients.MethodName), Is.EqualTo(new IntegratedGradients()));
            Assert.That(() => AttributionMethod.Named("lime"), Throws.ArgumentException.With.Message.Contains("saliency, gradient-x-input, integrated-gradients, smoothgrad, occlusion"));
        });
    }
}
