using System.Diagnostics;
using Mnist.Functional.Training;
using static System.FormattableString;

namespace Mnist.App.Progress;

/// <summary>Training progress as plain lines, a few per epoch, for logs and redirected output.</summary>
/// <param name="error">Where the lines go.</param>
/// <param name="interval">The least time between two step lines.</param>
public sealed class PlainProgress(TextWriter error, TimeSpan interval) : ITrainingObserver
{
    private readonly Stopwatch sinceLastLine = Stopwatch.StartNew();

    /// <inheritdoc />
    public Verdict OnStep(StepReport report)
    {
        var lastOfEpoch = report.Batch == report.BatchesPerEpoch;
        if (sinceLastLine.Elapsed >= interval && !lastOfEpoch)
        {
            error.WriteLine(Invariant($"epoch {report.Epoch} step {report.Batch}/{report.BatchesPerEpoch}: {ProgressText.Step(report)}"));
            sinceLastLine.Restart();
        }
        return Verdict.Continue;
    }

    /// <inheritdoc />
    public Verdict OnEpoch(EpochReport report)
    {
        error.WriteLine(Invariant($"epoch {report.Record.Epoch}/{report.TotalEpochs}: {ProgressText.Epoch(report.Record)}"));
        sinceLastLine.Restart();
        return Verdict.Continue;
    }
}
