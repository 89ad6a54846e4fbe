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
using Mnist.Functional.Optimizers.Schedules;
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
        var saved = request.Resume is { } resume ? Run.SpecOf(resume) : null;
        var spec = saved is not null ? RunPlan.ForResume(request, request.Resume!) : RunPlan.ForNewRun(request);
        spec = spec with { Folder = request.OutputDirectory ?? (request.Resume is { } from ? RunFolder.OfCheckpoint(from) : RunFolder.DefaultFor(DateTime.Now) + (spec.Quick ? "-quick" : "")) };
        var options = new RunOptions
        {
            ResumeFrom = request.Resume,
            Claim = request.Replace ? FolderClaim.Replace : request.OutputDirectory is null ? FolderClaim.Unique : FolderClaim.New,
            Command = saved is null ? RunPlan.CommandFor(spec) : RunPlan.CommandForResume(saved, spec, request.OutputDirectory ?? RunFolder.OfCheckpoint(request.Resume!), EarlierCommand(spec.Folder)),
            KeepTestImages = true,
            Host = (plan, fit) =>
            {
                error.WriteLine(engine.Describe());
                error.WriteLine($"training {plan.Spec.Describe()}; output {plan.Folder!.Path}");
                if (plan.Spec.Quick || plan.Spec.TrainItems is not null || plan.Spec.TestItems is not null) error.WriteLine($"note: {ReducedData(plan.Spec)}");
                if (saved is not null && RunPlan.Refits(saved, plan.Spec)) error.WriteLine($"note: {Refitted(saved, plan)}");
                if (plan.LeftOut is { } leftOut) error.WriteLine($"note: {leftOut} Another --batch-size or --validation changes that.");
                return !ProgressLine.IsTerminal(error)
                    ? fit([new PlainProgress(error, TimeSpan.FromSeconds(10))])
                    : TerminalProgress.Run(plan.TotalSteps, plan.StepsPerEpoch, plan.StepsDone, progress => fit([progress]));
            },
        };

        RunResult run;
        try
        {
            run = await Run.ExecuteAsync(spec, DatasetChoice.Options(request.DataDirectory, ProgressLine.For(error)), options, cancellation);
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
        if (result.InitialTest is { } initial)
            metrics["initial_test_accuracy"] = initial.Accuracy;
        AtomicFile.WriteText(files.Metrics, RunMetrics.Render(metrics));
        AtomicFile.WriteText(files.History, HistoryCsv.Render(result.History));
        HtmlReport.Write(Report(result.Spec, engine, result.History, predictions, result.TestImages!, result.Timings, files, result.InitialTest) with { Command = options.Command }, files.Report);

        if (request.Json)
            await output.WriteLineAsync(RunMetrics.Render(metrics));
        else
            await output.WriteAsync(SummaryText(result.Spec, result.History, predictions, result.InitialTest, result.Timings, files));
        return ExitCodes.Success;
    }

    // The command the run's record holds so far, to carry a chain of commands on; null when it has none.
    private static string? EarlierCommand(string folder)
    {
        try
        {
            return RunRecord.Read(folder).Command is { Length: > 0 } command ? command : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What a run on part of the data is, in words: a quick run measures nothing; a subset's figures are the subset's.</summary>
    public static string ReducedData(RunSpec spec) => Invariant($"{(spec.Quick ? "a quick run: it checks the recipe end to end, and its figures measure nothing. It" : "This run")} trains on {(spec.TrainItems is { } train ? $"the first {train:N0} training items" : "every training item")} and evaluates {(spec.TestItems is { } test ? $"the first {test:N0} test items" : "every test item")}.");

    // The note for a schedule refitted on resume: where the learning rate was, and where it goes.
    private static string Refitted(RunSpec saved, FitPlan plan)
    {
        var recipe = saved.Recipe;
        var before = recipe.Schedule.Build(recipe.LearningRate, plan.StepsPerEpoch, recipe.Epochs).At(Math.Max(0, plan.StepsDone - 1));
        var after = plan.Spec.Recipe.Schedule.Build(recipe.LearningRate, plan.StepsPerEpoch, plan.Spec.Recipe.Epochs).At(plan.StepsDone);
        return Invariant($"the {ByName.Name(recipe.Schedule)} schedule planned for {recipe.Epochs} epoch{(recipe.Epochs == 1 ? "" : "s")} is refitted to {plan.Spec.Recipe.Epochs} epochs from step {plan.StepsDone + 1:N0} on, as --schedule asked: the learning rate goes from {ReportFormat.Rate(before)} to {ReportFormat.Rate(after)}.");
    }

    private static RunReport Report(
        RunSpec config, EngineInfo engine, History history, Predictions predictions, byte[] testImages, RunTimings timings, RunFolder files, Predictions? initial = null) => Report(config.Model, config.Dataset, config, engine, history, predictions, testImages, timings, files, initial);

    private static RunReport Report(
        ZooModel model, DatasetInfo dataset, RunSpec config, EngineInfo engine, History history, Predictions predictions,
        byte[] testImages, RunTimings timings, RunFolder files, Predictions? initial) => new()
        {
            Title = $"{model.Name} on {dataset.Title}{(config.Quick ? " (quick run: its figures measure nothing)" : "")}",
            DatasetName = dataset.Title,
            ModelName = model.Name,
            ModelSummary = $"{model.Description}\n\n{Summary.Of(config.Network, config.Shape.Input)}",
            Config =
            [
                new("model", model.Name), new("dataset", dataset.Title), new("optimizer", ByName.Name(config.Recipe.Optimizer)),
                new("learning rate", ReportFormat.Rate(config.Recipe.LearningRate)), new("schedule", ByName.Name(config.Recipe.Schedule)),
                new("weight decay", Invariant($"{config.Recipe.WeightDecay:G3}")), new("label smoothing", Invariant($"{config.Recipe.LabelSmoothing:G3}")),
                .. (config.Recipe.Momentum is { } momentum ? [new KeyValuePair<string, string>("momentum", Invariant($"{momentum:G3}"))] : Array.Empty<KeyValuePair<string, string>>()),
                .. (config.Recipe.Beta1 is { } beta1 ? [new KeyValuePair<string, string>("β₁", Invariant($"{beta1:G3}"))] : Array.Empty<KeyValuePair<string, string>>()),
                .. (config.Recipe.Beta2 is { } beta2 ? [new KeyValuePair<string, string>("β₂", Invariant($"{beta2:G4}"))] : Array.Empty<KeyValuePair<string, string>>()),
                new("batch size", Invariant($"{config.Recipe.BatchSize}")),
                new("epochs", Invariant($"{config.Recipe.Epochs}")), new("seed", Invariant($"{config.Seed}")),
                new("validation samples", Invariant($"{config.ValidationSize:N0}")),
                .. (config.TrainItems is { } trainItems ? [new KeyValuePair<string, string>("training items", Invariant($"the first {trainItems:N0}"))] : Array.Empty<KeyValuePair<string, string>>()),
                .. (config.TestItems is { } testItems ? [new KeyValuePair<string, string>("test items", Invariant($"the first {testItems:N0}"))] : Array.Empty<KeyValuePair<string, string>>()),
                .. (config.Quick ? [new KeyValuePair<string, string>("quick run", "yes: it checks the recipe end to end; its figures measure nothing")] : Array.Empty<KeyValuePair<string, string>>()),
                new("normalisation", Invariant($"mean {config.Normalisation?.Mean:F4}, std {config.Normalisation?.Std:F4}")),
                .. (dataset.Folder is { } folder ? [new KeyValuePair<string, string>("images", $"{folder.Path}; {folder.DescribeSplit()}")] : Array.Empty<KeyValuePair<string, string>>()),
                .. (config.FineTune is { } fineTune ? [new KeyValuePair<string, string>("fine-tuned from", fineTune.Frozen.Count == 0 ? fineTune.From : $"{fineTune.From}; layers {string.Join(", ", fineTune.Frozen)} frozen")] : Array.Empty<KeyValuePair<string, string>>()),
                .. (initial is null ? Array.Empty<KeyValuePair<string, string>>() : [new KeyValuePair<string, string>("test accuracy before fine-tuning", Invariant($"{ProgressText.Percent(initial.Accuracy)} ({initial.Errors:N0} of {initial.Count:N0} wrong)"))]),
            ],
            Engine = engine,
            History = history,
            TestPredictions = predictions,
            TestImages = new DigitImages(testImages, dataset.Image.Height, dataset.Image.Width),
            Timings = timings,
            CreatedAt = DateTimeOffset.Now,
            LabelSmoothing = config.Recipe.LabelSmoothing,
            CheckpointPath = files.Checkpoint,
            MetricsPath = files.Metrics,
            HistoryPath = files.History,
        };

    private static string SummaryText(RunSpec spec, History history, Predictions predictions, Predictions? initial, RunTimings timings, RunFolder files)
    {
        var (model, dataset) = (spec.Model, spec.Dataset);
        var reduced = spec.Quick || spec.TrainItems is not null || spec.TestItems is not null;
        return string.Join(Environment.NewLine,
        [
            "",
            .. spec.Quick ? ["QUICK RUN        checks the recipe end to end; the figures below measure nothing"] : Array.Empty<string>(),
            Invariant($"model            {model.Name}"),
            Invariant($"dataset          {dataset.Title}"),
            .. reduced ? [Invariant($"data             {(spec.TrainItems is { } train ? $"the first {train:N0} training items" : "every training item")}, {(spec.TestItems is { } test ? $"the first {test:N0} test items" : "every test item")}")] : Array.Empty<string>(),
            Invariant($"epochs           {history.Epochs.Count}"),
            .. initial is null ? Array.Empty<string>() : [Invariant($"before training  {ProgressText.Percent(initial.Accuracy)} ({initial.Errors:N0} of {initial.Count:N0} wrong), the model it started from on the same test images")],
            Invariant($"test accuracy    {ProgressText.Percent(predictions.Accuracy)} ({predictions.Errors:N0} of {predictions.Count:N0} wrong)"),
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
