using Mnist.Functional.Losses;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Losses;

public sealed class AccuracyTests
{
    [Test]
    public void Is_The_Fraction_Of_Samples_Whose_Highest_Score_Is_The_Label()
    {
        using var scope = NewDisposeScope();
        var scores = tensor(new[,] { { 0.1f, 0.9f, 0.0f }, { 2.0f, 1.0f, 0.5f }, { 0.2f, 0.3f, 0.4f }, { 5.0f, 0.0f, 1.0f } });
        var labels = tensor(new long[] { 1, 0, 1, 2 });

        Assert.That(Metric.Accuracy(scores, labels), Is.EqualTo(0.5));
    }

    [Test]
    public void Refuses_An_Empty_Batch()
    {
        using var scope = NewDisposeScope();

        Assert.That(() => Metric.Accuracy(zeros(0, 10), zeros(0, int64)), Throws.ArgumentException);
    }
}
