using Mnist.Functional.Evaluation;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Evaluation;

public sealed class ConfusionMatrixTests
{
    private static readonly string[] Names = ["cat", "dog", "owl"];

    // actual:    cat cat cat cat dog dog dog owl owl owl
    // predicted: cat cat dog owl dog dog cat owl owl dog
    private static readonly int[] Actual = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];

    [Test]
    public void Counts_Rows_By_Actual_Class_And_Columns_By_Predicted_Class()
    {
        var matrix = ConfusionMatrix.FromPairs(Actual, Predicted, Names);

        Assert.That(matrix.ToRows(), Is.EqualTo(new[]
        {
            new long[] { 2, 1, 1 },
            new long[] { 1, 2, 0 },
            new long[] { 0, 1, 2 },
        }));
        Assert.Multiple(() =>
        {
            Assert.That(matrix.Total, Is.EqualTo(10));
            Assert.That(matrix.Accuracy, Is.EqualTo(0.6).Within(1e-12));
        });
    }

    [Test]
    public void Per_Class_Precision_Recall_And_F1_Equal_The_Hand_Computed_Values()
    {
        var metrics = ConfusionMatrix.FromPairs(Actual, Predicted, Names).PerClass();

        // cat: TP 2, predicted-as-cat 3, actual cat 4 -> P 2/3, R 1/2, F1 4/7
        // dog: TP 2, predicted-as-dog 4, actual dog 3 -> P 1/2, R 2/3, F1 4/7
        // owl: TP 2, predicted-as-owl 3, actual owl 3 -> P 2/3, R 2/3, F1 2/3
        Assert.Multiple(() =>
        {
            Assert.That(metrics[0], Is.EqualTo(new ClassMetrics(0, "cat", 2.0 / 3, 0.5, 4.0 / 7, 4)).Using<ClassMetrics>(Approximately));
            Assert.That(metrics[1], Is.EqualTo(new ClassMetrics(1, "dog", 0.5, 2.0 / 3, 4.0 / 7, 3)).Using<ClassMetrics>(Approximately));
            Assert.That(metrics[2], Is.EqualTo(new ClassMetrics(2, "owl", 2.0 / 3, 2.0 / 3, 2.0 / 3, 3)).Using<ClassMetrics>(Approximately));
            Assert.That(ConfusionMatrix.FromPairs(Actual, Predicted, Names).MacroF1, Is.EqualTo((4.0 / 7 + 4.0 / 7 + 2.0 / 3) / 3).Within(1e-12));
        });
    }

    [Test]
    public void A_Class_Never_Predicted_Has_Zero_Precision_Not_NaN()
    {
        var metrics = ConfusionMatrix.FromPairs([0, 1, 2], [0, 0, 0], Names).PerClass();

        Assert.Multiple(() =>
        {
            Assert.That(metrics[1].Precision, Is.Zero);
            Assert.That(metrics[1].F1, Is.Zero);
            Assert.That(metrics[0].Recall, Is.EqualTo(1.0));
        });
    }

    [Test]
    public void Tensors_And_Lists_Give_The_Same_Matrix()
    {
        using var scope = NewDisposeScope();

        var fromTensors = ConfusionMatrix.From(tensor(Predicted.Select(i => (long)i).ToArray()), tensor(Actual.Select(i => (long)i).ToArray()), Names);

        Assert.That(fromTensors.ToRows(), Is.EqualTo(ConfusionMatrix.FromPairs(Actual, Predicted, Names).ToRows()));
    }

    [Test]
    public void A_Class_Index_Out_Of_Range_Is_Refused()
    {
        Assert.That(() => ConfusionMatrix.FromPairs([0, 3], [0, 0], Names),
            Throws.ArgumentException.With.Message.Contains("outside 0..2"));
    }

    private static bool Approximately(ClassMetrics a, ClassMetrics b) =>
        a.Class == b.Class && a.Name == b.Name && a.Support == b.Support &&
        Math.Abs(a.Precision - b.Precision) < 1e-12 && Math.Abs(a.Recall - b.Recall) < 1e-12 && Math.Abs(a.F1 - b.F1) < 1e-12;
}
