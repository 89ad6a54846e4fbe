using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Progress;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.IO;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;
using static System.FormattableString;

namespace Mnist.App.Training;

/// <summary>
/// The <c>train</c> command's work, wired from the library's pipelines: obtain the data, fit the model
/// with progress and checkpoints, evaluate it, and write the report, <c>metrics.json</c> and <c>history.csv</c>.
/// </summary>
public static class TrainingRun
{
    /// <summary>Runs <paramref name="request"/>; results go to <paramref name="output"/>, progress and messages to <paramref name="error"/>.</summary>
    public static async Task<int> ExecuteAsync(TrainRequest request, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var engine = Engine.Start(EngineOptions.ForTraining.WithThreads(ThreadCount.Checked(request.Threads)));
        DeviceChoice.Require(request.Device, engine);
        var spec = request.Resume is { } resume ? RunPlan.ForResume(request, resume) : RunPlan.ForNewRun(request);
        spec = spec with { Folder = request.OutputDirectory ?? (request.Resume is { } from ? RunFolder.OfCheckpoint(from) : RunFolder.DefaultFor(DateTime.Now)) };
        var options = new RunOptions
        {
            ResumeFrom = request.Resume,
            Claim = request.Replace ? FolderClaim.Replace : request.OutputDirectory is null ? FolderClaim.Unique : FolderClaim.New,
            Command = RunPlan.CommandFor(spec),
            KeepTestImages = true,
            Host = (plan, fit) =>
            {
                error.WriteLine(engine.Describe());
                error.WriteLine($"training {plan.Spec.Describe()}; output {plan.Folder!.Path}");
                if (plan.LeftOut is { } leftOut) error.WriteLine($"note: {leftOut} Another --batch-size or --validation changes that.");
                return !ProgressLine.IsTerminal(error)
                    ? fit([new PlainProgress(error, TimeSpan.FromSeconds(10))])
                    : TerminalProgress.Run(plan.TotalSteps, plan.StepsPerEpoch, plan.StepsDone, progress => fit([progress]));
            },
        };

        RunResult run;
        try
        {
            run = await Run.ExecuteAsync(spec, new DataOptions(request.DataDirectory, Progress: ProgressLine.For(error)), options, cancellation);
        }
        catch (RunFolderException e)
        {
            var option = request.Resume is not null ? "--resume" : request.OutputDirectory is not null ? "--out" : "runs/";
            throw new IOException($"{option}: {e.Message}{(RunFolder.HoldsRun(e.Folder) && request.Resume is null ? " Choose another --out, add --replace to overwrite that run, or --resume its checkpoint to continue it." : "")}", e);
        }
        using var result = run;
        var files = result.Folder!;
        switch (result.Stop.Reason)
        {
            case StopReason.Cancelled:
                await error.WriteLineAsync($"{result.Stop.Message} The checkpoint is in {files.Checkpoint}; continue with: mnist train --resume {files.Checkpoint}");
                return ExitCodes.Cancelled;
            case StopReason.NonFiniteLoss:
                await error.WriteLineAsync($"error: {result.Stop.Message} The last good state is in {files.Checkpoint}.");
                return ExitCodes.TrainingFailed;
            case StopReason.StoppedByObserver:
                await error.WriteLineAsync(result.Stop.Message);
                break;
        }

        var predictions = result.Test!;
        if (predictions.NonFiniteSamples.Count > 0)
        {
            await error.WriteLineAsync(Invariant($"error: the trained model's outputs are NaN or infinite for {predictions.NonFiniteSamples.Count:N0} of {predictions.Count:N0} test images, so it gives no class for them and no result is reported. Lower the learning rate or train again. The checkpoint is in {files.Checkpoint}."));
            return ExitCodes.TrainingFailed;
        }
        var metrics = RunMetrics.ToJson(predictions, result.History, result.Timings, engine, RunSpecJson.ToJson(result.Spec), files.ByName());
        AtomicFile.WriteText(files.Metrics, RunMetrics.Render(metrics));
        AtomicFile.WriteText(files.History, HistoryCsv.Render(result.History));
        HtmlReport.Write(Report(result.Spec, engine, result.History, predictions, result.TestImages!, result.Timings, files) with { Command = options.Command }, files.Report);

        if (request.Json)
            await output.WriteLineAsync(RunMetrics.Render(metrics));
        else
            await output.WriteAsync(SummaryText(result.Spec, result.History, predictions, result.Timings, files));
        return ExitCodes.Success;
    }

    private static RunReport Report(
        RunSpec config, EngineInfo engine, History history, Predictions predictions, byte[] testImages, RunTimings timings, RunFolder files) => Report(config.Model, config.Dataset, config, engine, history, predictions, testImages, timings, files);

    private static RunReport Report(
        ZooModel model, DatasetInfo dataset, RunSpec config, EngineInfo engine, History history, Predictions predictions,
        byte[] testImages, RunTimings timings, RunFolder files) => new()
        {
            Title = $"{model.Name} on {dataset.Title}",
            DatasetName = dataset.Title,
            ModelName = model.Name,
            ModelSummary = $"{model.Description}\n\n{Summary.Of(model.Network, 1, 1, 28, 28)}",
            Config =
            [
                new("model", model.Name), new("dataset", dataset.Title), new("optimizer", ByName.Name(config.Recipe.Optimizer)),
                new("learning rate", Invariant($"{config.Recipe.LearningRate:G4}")), new("schedule", ByName.Name(config.Recipe.Schedule)),
                new("weight decay", Invariant($"{config.Recipe.WeightDecay:G3}")), new("label smoothing", Invariant($"{config.Recipe.LabelSmoothing:G3}")),
                .. (config.Recipe.Momentum is { } momentum ? [new KeyValuePair<string, string>("momentum", Invariant($"{momentum:G3}"))] : Array.Empty<KeyValuePair<string, string>>()),
                new("batch size", Invariant($"{config.Recipe.BatchSize}")),
                new("epochs", Invariant($"{config.Recipe.Epochs}")), new("seed", Invariant($"{config.Seed}")),
                new("validation samples", Invariant($"{config.ValidationSize}")),
                new("normalisation", Invariant($"mean {config.Normalisation?.Mean:F4}, std {config.Normalisation?.Std:F4}")),
            ],
            Engine = engine,
            History = history,
            TestPredictions = predictions,
            TestImages = new DigitImages(testImages),
            Timings = timings,
            CreatedAt = DateTimeOffset.Now,
            LabelSmoothing = config.Recipe.LabelSmoothing,
            CheckpointPath = files.Checkpoint,
            MetricsPath = files.Metrics,
            HistoryPath = files.History,
        };

    private static string SummaryText(RunSpec spec, History history, Predictions predictions, RunTimings timings, RunFolder files)
    {
        var (model, dataset) = (spec.Model, spec.Dataset);
        return string.Join(Environment.NewLine,
        [
            "",
            Invariant($"model            {model.Name}"),
            Invariant($"dataset          {dataset.Title}"),
            Invariant($"epochs           {history.Epochs.Count}"),
            Invariant($"test accuracy    {ProgressText.Percent(predictions.Accuracy)} ({predictions.Errors} of {predictions.Count:N0} wrong)"),
            Invariant($"test loss        {predictions.Loss:F4}"),
            Invariant($"training time    {timings.TrainingSeconds:F1} s"),
            Invariant($"evaluation time  {timings.EvaluationSeconds:F2} s"),
            Invariant($"total time       {timings.TotalSeconds:F1} s"),
            Invariant($"report           {files.Report}"),
            Invariant($"checkpoint       {files.Checkpoint}"),
            "",
        ]);
    }
}
