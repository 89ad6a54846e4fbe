using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.IO;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Runs.Sweeps;
using Mnist.Functional.Training;

namespace Mnist.App.Training;

/// <summary>How the <c>sweep</c> command runs one trial: the run pipeline, then the files a trained run's folder holds.</summary>
public static class SweepTrials
{
    /// <summary>A runner that trains each trial with the data from <paramref name="data"/>, writing its metrics, history and report beside its checkpoint.</summary>
    public static TrialRunner With(DataOptions data, EngineInfo engine) => async (trial, spec, options, cancellation) =>
    {
        using var result = await Run.ExecuteAsync(spec, data, options with { KeepTestImages = true }, cancellation);
        switch (result.Stop.Reason)
        {
            case StopReason.Cancelled:
                return RunState.Interrupted;
            case StopReason.NonFiniteLoss:
                return RunState.Failed;
        }
        var files = result.Folder!;
        if (result.Test is not { } test || test.NonFiniteSamples.Count > 0)
            return RunState.Failed;
        var metrics = RunMetrics.ToJson(test, result.History, result.Timings, engine, RunSpecJson.ToJson(result.Spec), files.ByName());
        AtomicFile.WriteText(files.Metrics, RunMetrics.Render(metrics));
        AtomicFile.WriteText(files.History, HistoryCsv.Render(result.History));
        HtmlReport.Write(TrainingRun.Report(result.Spec, engine, result.History, test, result.TestImages!, result.Timings, files) with { Command = options.Command }, files.Report);
        return RunState.Finished;
    };
}
