namespace Mnist.Functional.Training;

/// <summary>
/// Sees every step and epoch of a run and may ask it to stop, but cannot change what the fold
/// computes: it gets immutable reports and answers with a <see cref="Verdict"/>.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>Called once before the first step: how long the run is and where it starts (a resumed run starts part way).</summary>
    void OnStart(FitStart start)
    {
    }

    /// <summary>Called after every step.</summary>
    Verdict OnStep(StepReport report) => Verdict.Continue;

    /// <summary>Called after every epoch, once the evaluated splits are in the record.</summary>
    Verdict OnEpoch(EpochReport report) => Verdict.Continue;

    /// <summary>Called once when the run ends, for whatever reason.</summary>
    void OnStop(FitResult result)
    {
    }
}
