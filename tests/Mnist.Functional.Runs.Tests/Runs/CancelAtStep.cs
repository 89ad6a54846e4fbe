using Mnist.Functional.Training;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>Cancels a run through <paramref name="cancellation"/> when it reports step <paramref name="step"/>: a run interrupted mid-epoch.</summary>
internal sealed class CancelAtStep(long step, CancellationTokenSource cancellation) : ITrainingObserver
{
    public Verdict OnStep(StepReport report)
    {
        if (report.Step == step) cancellation.Cancel();
        return Verdict.Continue;
    }
}
