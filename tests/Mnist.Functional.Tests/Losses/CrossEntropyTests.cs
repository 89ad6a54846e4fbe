using Mnist.Functional.Autodiff;
using Mnist.Functional.Losses;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Losses;

public sealed class CrossEntropyTests
{
    internal static (Tensor Logits, Tensor Labels) Batch(ScalarType dtype = ScalarType.Float32) =>
        (randn(6, 4, dtype, generator: new Generator(11)) * 3, tensor(new long[] { 0, 3, 1, 1, 2, 3 }));

    [TestCase(0.0)]
    [TestCase(0.1)]
    [TestCase(0.7)]
    public void Equals_TorchSharps_Cross_Entropy_With_The_Same_Label_Smoothing(double labelSmoothing)
    {
        using var scope = NewDisposeScope();
        var (logits, labels) = Batch();

        var ours = Loss.CrossEntropy(logits, labels, labelSmoothing);

        TensorAssert.Close(ours, nn.functional.cross_entropy(logits, labels, label_smoothing: labelSmoothing), 1e-6, "loss");
    }

    [TestCase(0.0)]
    [TestCase(0.1)]
    public void Passes_The_Gradient_Check_In_Float64(double labelSmoothing)
    {
        using var scope = NewDisposeScope();
        var (logits, labels) = Batch(ScalarType.Float64);

        var report = Diff.GradCheck(x => Loss.CrossEntropy(x, labels, labelSmoothing))(logits);

        Assert.That(report.Passed, Is.True, report.ToString());
    }

    [Test]
    public void Refuses_Labels_That_Do_Not_Match_The_Batch()
    {
        using var scope = NewDisposeScope();

        Assert.That(() => Loss.CrossEntropy(zeros(4, 10), zeros(5, int64)),
            Throws.ArgumentException.With.Message.Contains("[4, 10]").And.Message.Contains("[5]"));
    }

    [Test]
    public void Refuses_A_Label_Smoothing_Outside_Zero_To_One()
    {
        using var scope = NewDisposeScope();

        Assert.That(() => Loss.CrossEntropy(zeros(4, 10), zeros(4, int64), labelSmoothing: 1.5), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
