using System.Diagnostics;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Progress;
using Mnist.Functional.Data;
using Mnist.Functional.Data.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Persistence;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Tensors;
using Mnist.Functional.Training;
using Mnist.Functional.Training.Observers;
using static System.FormattableString;

namespace Mnist.App.Runs;

/// <summary>
/// The <c>train</c> command's work, wired from the library's pipelines: obtain the data, fit the model
/// with progress and checkpoints, evaluate it, and write the report, <c>metrics.json</c> and <c>history.csv</c>.
/// </summary>
public static class TrainingRun
{
    /// <summary>The checkpoint's folder inside a run's folder.</summary>
    public const string CheckpointFolder = "checkpoint";

    /// <summary>Runs <paramref name="request"/>; results go to <paramref name="output"/>, progress and messages to <paramref name="error"/>.</summary>
    public static async Task<int> ExecuteAsync(TrainRequest request, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var engine = Engine.Start(request.Threads);
        DeviceChoice.Require(request.Device, engine);
        var planned = request.Resume is { } resume ? RunPlan.ForResume(request, resume) : RunPlan.ForNewRun(request);
        var files = new RunFiles(Path.GetFullPath(request.OutputDirectory ?? DefaultFolder(request.Resume)));

        var datasetInfo = DatasetCatalog.Find(planned.Dataset);
        using var dataset = await Dataset.LoadAsync(datasetInfo, new DataOptions(request.DataDirectory, Progress: ProgressLine.For(error)), cancellation);
        var config = planned with { PixelMean = dataset.Stats.Mean, PixelStd = dataset.Stats.Std };
        var model = Zoo.Find(config.Model);

        var (train, validation) = config.ValidationSize > 0
            ? dataset.Train.CarveValidation(config.ValidationSize, config.Seed + 1)
            : (dataset.Train, null);
        using var ownedTrain = config.ValidationSize > 0 ? train : null;
        using var ownedValidation = validation;
        var pipeline = Train.BatchesFor(model.Network, train.Shuffle(config.Seed).Batch(config.Recipe.BatchSize).Select(dataset.Preprocessing));
        var setup = config.Recipe.SetupFor(model.Network, pipeline.BatchesPerEpoch, config.Seed);
        var data = new TrainingData(pipeline, dataset.Preprocessing, datasetInfo.ClassNames, validation, dataset.Test);

        (TrainState, byte[])? start = null;
        if (request.Resume is { } resumeFrom)
        {
            var (state, generatorState, _) = TrainingCheckpoint.Load(resumeFrom, setup);
            start = (state, generatorState);
        }

        await error.WriteLineAsync($"{engine.Describe()}");
        await error.WriteLineAsync(Invariant($"training {model.Name} on {datasetInfo.Title}: {config.Recipe.Describe()}; seed {config.Seed}; output {files.Folder}"));
        if (pipeline.LeftOutPerEpoch > 0)
            await error.WriteLineAsync(Invariant(
                $"note: {train.Count:N0} training samples in batches of {config.Recipe.BatchSize} leave a last batch of {pipeline.LeftOutPerEpoch}; {model.Name} has batch norm, which cannot learn from fewer than {model.Network.MinimumTrainingBatch} samples, so that batch is left out of every epoch (--batch-size or --validation change it)."));
        var checkpoints = new PeriodicCheckpoint(files.Checkpoint, config.ToJson());
        var totalSteps = pipeline.BatchesPerEpoch * config.Recipe.Epochs;
        var stepsDone = start?.Item1.Step ?? 0;
        var result = !ProgressLine.IsTerminal(error)
            ? Train.Fit(setup, data, [new PlainProgress(error, TimeSpan.FromSeconds(10)), checkpoints], start, cancellation)
            : TerminalProgress.Run(totalSteps, pipeline.BatchesPerEpoch, stepsDone, progress => Train.Fit(setup, data, [progress, checkpoints], start, cancellation));
        using var final = result.State;

        switch (result.Reason)
        {
            case StopReason.Cancelled:
                await error.WriteLineAsync($"{result.Message} The checkpoint is in {files.Checkpoint}; continue with: mnist train --resume {files.Checkpoint}");
                return ExitCodes.Cancelled;
            case StopReason.NonFiniteLoss:
                await error.WriteLineAsync($"error: {result.Message} The last good state is in {files.Checkpoint}.");
                return ExitCodes.TrainingFailed;
            case StopReason.StoppedByObserver:
                await error.WriteLineAsync(result.Message);
                break;
        }

        var evaluationClock = Stopwatch.StartNew();
        var predictions = Evaluator.Predict(model.Network, final.Variables, dataset.Test.Images, dataset.Test.Labels, datasetInfo.ClassNames, data.EvaluationBatchSize, dataset.Preprocessing);
        if (predictions.NonFiniteSamples.Count > 0)
        {
            await error.WriteLineAsync(Invariant($"error: the trained model's outputs are NaN or infinite for {predictions.NonFiniteSamples.Count:N0} of {predictions.Count:N0} test images, so it gives no class for them; no result is reported. Lower the learning rate or train again. The checkpoint is in {files.Checkpoint}."));
            return ExitCodes.TrainingFailed;
        }
        var timings = new RunTimings(final.History.TrainingSeconds, evaluationClock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds);

        var metrics = RunMetrics.ToJson(predictions, final.History, timings, engine, config.ToJson(), files.ByName());
        AtomicFile.WriteText(files.Metrics, RunMetrics.Render(metrics));
        AtomicFile.WriteText(files.History, HistoryCsv.Render(final.History));
        HtmlReport.Write(Report(model, datasetInfo, config, engine, final.History, predictions, dataset.Test, timings, files), files.Report);

        if (request.Json)
            await output.WriteLineAsync(RunMetrics.Render(metrics));
        else
            await output.WriteAsync(SummaryText(model, datasetInfo, final.History, predictions, timings, files));
        return ExitCodes.Success;
    }

    private static string DefaultFolder(string? resume) =>
        resume is not null && Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(resume))) == CheckpointFolder
            ? Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(resume)))!
            : Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));

    private static RunReport Report(
        ZooModel model, DatasetInfo dataset, RunConfig config, EngineInfo engine, History history, Predictions predictions,
        Split test, RunTimings timings, RunFiles files) => new()
        {
            Title = $"{model.Name} on {dataset.Title}",
            DatasetName = dataset.Title,
            ModelName = model.Name,
            ModelSummary = $"{model.Description}\n\n{Summary.Of(model.Network, 1, 1, 28, 28)}",
            Config =
            [
                new("model", model.Name), new("dataset", dataset.Title), new("optimizer", config.Recipe.Optimizer),
                new("learning rate", Invariant($"{config.Recipe.LearningRate:G4}")), new("schedule", config.Recipe.Schedule),
                new("weight decay", Invariant($"{config.Recipe.WeightDecay:G3}")), new("batch size", Invariant($"{config.Recipe.BatchSize}")),
                new("epochs", Invariant($"{config.Recipe.Epochs}")), new("seed", Invariant($"{config.Seed}")),
                new("validation samples", Invariant($"{config.ValidationSize}")),
                new("normalisation", Invariant($"mean {config.PixelMean:F4}, std {config.PixelStd:F4}")),
            ],
            Engine = engine,
            History = history,
            TestPredictions = predictions,
            TestImages = new DigitImages(test.Images.data<byte>().ToArray()),
            Timings = timings,
            CreatedAt = DateTimeOffset.Now,
            CheckpointPath = files.Checkpoint,
            MetricsPath = files.Metrics,
        };

    private static string SummaryText(ZooModel model, DatasetInfo dataset, History history, Predictions predictions, RunTimings timings, RunFiles files)
    {
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
