using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Runs.Sweeps;
using Mnist.Functional.Training;

namespace Mnist.App.Training;

/// <summary>How the <c>sweep</c> command runs one trial: the run pipeline, which writes the trial's whole folder, its page as <c>train</c> writes it.</summary>
public static class SweepTrials
{
    /// <summary>A runner that trains each trial with the data from <paramref name="data"/>; the run writes its checkpoint, metrics, history and report.</summary>
    public static TrialRunner With(DataOptions data) => async (trial, spec, options, cancellation) =>
    {
        using var result = await Run.ExecuteAsync(spec, data, options with { Report = new HtmlRunReport() }, cancellation);
        return result.Stop.Reason switch
        {
            StopReason.Cancelled => RunState.Interrupted,
            StopReason.NonFiniteLoss => RunState.Failed,
            _ when result.Test is not { } test || test.NonFiniteSamples.Count > 0 => RunState.Failed,
            _ => RunState.Finished,
        };
    };
}
