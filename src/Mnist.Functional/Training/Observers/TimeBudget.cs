using System.Globalization;

namespace Mnist.Functional.Training.Observers;

/// <summary>
/// Stops a run before it overruns a budget of training time: after each epoch, if the training seconds so far plus
/// the last epoch's seconds (the projected time of the next epoch) exceed <paramref name="Seconds"/>, it asks to stop.
/// Evaluation time does not count.
/// </summary>
/// <param name="Seconds">The budget of training seconds, summed over epochs.</param>
public sealed record TimeBudget(double Seconds) : ITrainingObserver
{
    /// <inheritdoc />
    public Verdict OnEpoch(EpochReport report)
    {
        var spent = report.State.History.TrainingSeconds;
        var projected = spent + report.Record.Seconds;
        return report.Record.Epoch < report.TotalEpochs && projected > Seconds
            ? Verdict.Stop(string.Create(CultureInfo.InvariantCulture,
                $"Stopped after epoch {report.Record.Epoch} of {report.TotalEpochs}: {spent:F0} s of training so far, and another epoch would end near {projected:F0} s, past the budget of {Seconds:F0} s."))
            : Verdict.Continue;
    }
}
