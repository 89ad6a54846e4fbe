using Mnist.Functional.Reports;
using Mnist.Functional.Training;
using static System.FormattableString;

namespace Mnist.App.Progress;

/// <summary>The words and figures that progress displays show, the same on a terminal and in a log.</summary>
public static class ProgressText
{
    /// <summary>
    /// Loss, accuracy and speed so far in the epoch and, <paramref name="withTimeLeft"/>, the time left in it:
    /// <c>loss 0.1234  acc 96.10%  1,845 samples/s  ETA 0:12</c>. A display that shows a time left of its own leaves it out.
    /// </summary>
    public static string Step(StepReport report, bool withTimeLeft = true)
    {
        var progress = report.Progress;
        var rate = progress.Seconds > 0 ? progress.Samples / progress.Seconds : 0;
        var left = progress.Batches > 0 ? TimeSpan.FromSeconds(progress.Seconds / progress.Batches * (report.BatchesPerEpoch - report.Batch)) : TimeSpan.Zero;
        var figures = Invariant($"loss {progress.LossSum / Math.Max(1, progress.Batches):F4}  acc {Percent((double)progress.Correct / Math.Max(1, progress.Samples))}  {rate:N0} samples/s");
        return withTimeLeft ? Invariant($"{figures}  ETA {left:m\\:ss}") : figures;
    }

    /// <summary>An epoch's figures: train, validation and test loss and accuracy, time and speed.</summary>
    public static string Epoch(EpochRecord record)
    {
        var parts = new List<string> { Invariant($"train loss {record.TrainLoss:F4} acc {Percent(record.TrainAccuracy)}") };
        if (record.ValidationLoss is { } validationLoss)
            parts.Add(Invariant($"validation loss {validationLoss:F4} acc {Percent(record.ValidationAccuracy ?? 0)}"));
        if (record.TestLoss is { } testLoss)
            parts.Add(Invariant($"test loss {testLoss:F4} acc {Percent(record.TestAccuracy ?? 0)}"));
        parts.Add(Invariant($"{record.Seconds:F1} s, {record.SamplesPerSecond:N0} samples/s, lr {ReportFormat.Rate(record.LearningRate)}"));
        return string.Join("; ", parts);
    }

    /// <summary>A fraction as a percentage with two decimals: <c>99.12%</c>.</summary>
    public static string Percent(double fraction) => Invariant($"{fraction * 100:F2}%");
}
