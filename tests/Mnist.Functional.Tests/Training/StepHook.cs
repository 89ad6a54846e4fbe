using Mnist.Functional.Training;

namespace Mnist.Functional.Tests.Training;

/// <summary>An observer that calls <c>onStep</c> after every step and never stops the run.</summary>
internal sealed class StepHook(Action<StepReport> onStep) : ITrainingObserver
{
    public Verdict OnStep(StepReport report)
    {
        onStep(report);
        return Verdict.Continue;
    }
}
