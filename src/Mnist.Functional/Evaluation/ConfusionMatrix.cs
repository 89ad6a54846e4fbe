using System.Collections.Immutable;
using static TorchSharp.torch;

namespace Mnist.Functional.Evaluation;

/// <summary>
/// Counts of (actual, predicted) pairs: <c>Counts[actual, predicted]</c>, a C×C table whose
/// diagonal holds the correct predictions.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] counts;

    private ConfusionMatrix(long[,] counts, ImmutableArray<string> classNames)
    {
        this.counts = counts;
        ClassNames = classNames;
    }

    /// <summary>Tallies predictions against labels: <c>predicted: [N] int64, actual: [N] int64 -> C×C counts</c>.</summary>
    /// <exception cref="ArgumentException">The tensors differ in length, or a class index is outside 0..C-1.</exception>
    public static ConfusionMatrix From(Tensor predicted, Tensor actual, IReadOnlyList<string> classNames)
    {
        var classes = classNames.Count;
        if (predicted.shape.Length != 1 || !predicted.shape.SequenceEqual(actual.shape))
            throw new ArgumentException($"Predictions {Tensors.Shapes.Format(predicted.shape)} and labels {Tensors.Shapes.Format(actual.shape)} must be two vectors of the same length.", nameof(predicted));

        using var scope = NewDisposeScope();
        var (p, a) = (predicted.to(int64).cpu(), actual.to(int64).cpu());
        if (p.numel() > 0 && (p.min().item<long>() < 0 || p.max().item<long>() >= classes || a.min().item<long>() < 0 || a.max().item<long>() >= classes))
            throw new ArgumentException($"Class indices must lie in 0..{classes - 1}.", nameof(predicted));

        // One bincount over actual·C + predicted tallies every pair at once.
        var flat = (a * classes + p).bincount(null, classes * classes).data<long>().ToArray();
        var table = new long[classes, classes];
        Buffer.BlockCopy(flat, 0, table, 0, flat.Length * sizeof(long));
        return new ConfusionMatrix(table, [.. classNames]);
    }

    /// <summary>Tallies (actual, predicted) pairs given as two equally long lists of class indices.</summary>
    /// <exception cref="ArgumentException">The lists differ in length, or a class index is outside 0..C-1.</exception>
    public static ConfusionMatrix FromPairs(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, IReadOnlyList<string> classNames)
    {
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"{actual.Count} labels but {predicted.Count} predictions.", nameof(predicted));
        var classes = classNames.Count;
        var table = new long[classes, classes];
        for (var i = 0; i < actual.Count; i++)
        {
            if ((uint)actual[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
                throw new ArgumentException($"Sample {i} has class indices ({actual[i]}, {predicted[i]}) outside 0..{classes - 1}.", nameof(actual));
            table[actual[i], predicted[i]]++;
        }
        return new ConfusionMatrix(table, [.. classNames]);
    }

    /// <summary>The class names, in index order.</summary>
    public ImmutableArray<string> ClassNames { get; }

    /// <summary>Number of classes, C.</summary>
    public int ClassCount => ClassNames.Length;

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => counts[actual, predicted];

    /// <summary>Number of samples tallied.</summary>
    public long Total => Enumerable.Range(0, ClassCount).Sum(row => RowSum(row));

    /// <summary>Fraction predicted correctly: trace / total.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Enumerable.Range(0, ClassCount).Sum(i => counts[i, i]) / Total;

    /// <summary>Precision, recall, F1 and support for each class.</summary>
    public IReadOnlyList<ClassMetrics> PerClass() =>
        Enumerable.Range(0, ClassCount).Select(c =>
        {
            var truePositives = counts[c, c];
            var predictedAsC = ColumnSum(c);
            var actuallyC = RowSum(c);
            var precision = predictedAsC == 0 ? 0 : (double)truePositives / predictedAsC;
            var recall = actuallyC == 0 ? 0 : (double)truePositives / actuallyC;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new ClassMetrics(c, ClassNames[c], precision, recall, f1, actuallyC);
        }).ToArray();

    /// <summary>The unweighted mean of the per-class F1 scores.</summary>
    public double MacroF1 => PerClass().Average(metrics => metrics.F1);

    /// <summary>The counts as a jagged array, rows actual and columns predicted (for JSON and plots).</summary>
    public long[][] ToRows() =>
        Enumerable.Range(0, ClassCount).Select(row => Enumerable.Range(0, ClassCount).Select(column => counts[row, column]).ToArray()).ToArray();

    private long RowSum(int row) => Enumerable.Range(0, ClassCount).Sum(column => counts[row, column]);

    private long ColumnSum(int column) => Enumerable.Range(0, ClassCount).Sum(row => counts[row, column]);
}
