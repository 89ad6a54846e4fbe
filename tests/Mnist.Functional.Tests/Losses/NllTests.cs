using Mnist.Functional.Autodiff;
using Mnist.Functional.Losses;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Losses;

public sealed class NllTests
{
    [Test]
    public void Equals_TorchSharps_Nll_Loss()
    {
        using var scope = NewDisposeScope();
        var (logits, labels) = CrossEntropyTests.Batch();
        var logProbabilities = logits.log_softmax(1);

        TensorAssert.Close(Loss.Nll(logProbabilities, labels), nn.functional.nll_loss(logProbabilities, labels), 1e-6, "loss");
    }

    [Test]
    public void Is_Minus_The_Mean_Log_Probability_Of_The_Labels()
    {
        using var scope = NewDisposeScope();
        var logProbabilities = tensor(new[,] { { -0.5, -2.0 }, { -1.0, -3.0 } });

        var loss = Loss.Nll(logProbabilities, tensor(new long[] { 1, 0 }));

        Assert.That(loss.item<double>(), Is.EqualTo((2.0 + 1.0) / 2).Within(1e-12));
    }

    [Test]
    public void Passes_The_Gradient_Check_In_Float64()
    {
        using var scope = NewDisposeScope();
        var (logits, labels) = CrossEntropyTests.Batch(ScalarType.Float64);

        var report = Diff.GradCheck(x => Loss.Nll(x.log_softmax(1), labels))(logits);

        Assert.That(report.Passed, Is.True, report.ToString());
    }
}
