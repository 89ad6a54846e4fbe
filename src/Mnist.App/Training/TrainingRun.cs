using Mnist.App.Cli;
using Mnist.App.Progress;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Reports;
using Mnist.Functional.Models;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;
using System.Text.Json.Nodes;
using static System.FormattableString;

namespace Mnist.App.Training;

/// <summary>
/// The <c>train</c> command's work: the run's specification from what was asked, the library's run with a page writer and a
/// progress display, then what the run's end means for the user (the exit code, the summary or the JSON document). The
/// library writes the run folder.
/// </summary>
public static class TrainingRun
{
    /// <summary>Runs <paramref name="request"/>; results go to <paramref name="output"/>, progress and messages to <paramref name="error"/>.</summary>
    public static async Task<int> ExecuteAsync(TrainRequest request, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var engine = CommandEngine.Start(EngineOptions.ForTraining, request.Threads);
        DeviceChoice.Require(request.Device, engine);
        var saved = request.Resume is { } resume ? Run.SpecOf(resume) : null;
        var spec = saved is not null ? TrainFlags.ForResume(request.Settings, request.Replace, saved, request.Resume!) : TrainFlags.ForNewRun(request.Settings);
        // Read and checked before any tensor: a wrong file costs nothing but its message.
        if (request.ModelFile is { } modelFile)
        {
            var model = DescriptionFiles.Model(modelFile, spec.Dataset, spec.Recipe);
            // A zoo model's architecture is that model: its file trains with the model's recipe and the flags given, as --model NAME does.
            if (spec.FineTune is null && Zoo.WithNetwork(model.Network, spec.Shape) is { } zoo && !ReferenceEquals(zoo, spec.Model))
                spec = TrainFlags.ForNewRun(new Dictionary<string, JsonNode?>(request.Settings, StringComparer.Ordinal) { ["model"] = zoo.Name });
            spec = spec with { Model = model with { Recipe = spec.Recipe } };
        }
        if (request.OptimizerFile is { } optimizerFile)
            spec = spec with { Recipe = Recipe.Of(DescriptionFiles.Optimizer(optimizerFile), spec.Recipe.BatchSize, spec.Recipe.Epochs, spec.Recipe.LabelSmoothing) };
        spec = spec with { Folder = request.OutputDirectory ?? (request.Resume is { } from ? RunFolder.OfCheckpoint(from) : RunFolder.DefaultFor(DateTime.Now) + (spec.Quick ? "-quick" : "")) };
        using var progress = ProgressLine.IsTerminal(error) ? new TerminalProgress(error) : null;
        var options = new RunOptions
        {
            ResumeFrom = request.Resume,
            Claim = request.Replace ? FolderClaim.Replace : request.OutputDirectory is null ? FolderClaim.Unique : FolderClaim.New,
            Command = saved is null ? TrainFlags.CommandFor(spec, request.ModelFile, request.OptimizerFile) : TrainFlags.CommandForResume(saved, spec, request.OutputDirectory ?? RunFolder.OfCheckpoint(request.Resume!), EarlierCommand(spec.Folder)),
            Report = new HtmlRunReport(),
            Observers = [progress as ITrainingObserver ?? new PlainProgress(error, TimeSpan.FromSeconds(10))],
            OnStart = plan =>
            {
                error.WriteLine(engine.Describe());
                error.WriteLine($"training {plan.Spec.Describe()}; output {plan.Folder!.Path}");
                if (plan.Spec.Quick || plan.Spec.TrainItems is not null || plan.Spec.TestItems is not null) error.WriteLine($"note: {ReducedData(plan.Spec)}");
                if (saved is not null && RunSpec.Refits(saved, plan.Spec)) error.WriteLine($"note: {Refitted(saved, plan)}");
                if (plan.LeftOut is { } leftOut) error.WriteLine($"note: {leftOut} Another --batch-size or --validation changes that.");
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
            throw new IOException($"{option}: {e.Message}{(RunFolder.HoldsRun(e.Folder) && request.Resume is null && !e.HeldByLiveRun ? " Choose another --out, add --replace to overwrite that run, or --resume its checkpoint to continue it." : "")}", e);
        }
        catch (ArgumentException e) when (TrainFlags.Explain(e) is { } explained)
        {
            throw explained;
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
        if (request.Json)
            await output.WriteLineAsync(File.ReadAllText(files.Metrics).TrimEnd());
        else
            await output.WriteAsync(SummaryText(result.Spec, result.History, predictions, result.InitialTest, result.Timings, files, result.Best));
        return ExitCodes.Success;
    }

    // The command the run's record holds so far, to carry a chain of commands on; null when it has none.
    private static string? EarlierCommand(string folder)
    {
        try
        {
            return RunJournal.Read(folder).Command is { Length: > 0 } command ? command : null;
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

    private static string SummaryText(RunSpec spec, History history, Predictions predictions, Predictions? initial, RunTimings timings, RunFolder files, BestEpoch? best)
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
            .. best is null ? Array.Empty<string>() :
            [
                Invariant($"best epoch       {best.Epoch} of {history.Epochs.Count}, {best.Metric.Replace('_', ' ')} {best.Value:G5}{(best.Restored ? "; the run ended with its weights (--restore-best), and the test figures above are theirs" : "")}"),
                Invariant($"best checkpoint  {best.Checkpoint}"),
            ],
            "",
        ]);
    }
}
