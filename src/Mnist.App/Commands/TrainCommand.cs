using System.CommandLine;
using Mnist.App.Cli;
using Mnist.App.Training;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Runs;

namespace Mnist.App.Commands;

/// <summary><c>train</c>: trains a zoo model, evaluates it and writes the report, metrics, history and checkpoint.</summary>
public static class TrainCommand
{
    private static readonly Option<string?> Model = new("--model", "-m") { Description = $"The zoo model ({string.Join(", ", Zoo.All.Select(model => model.Name))}); default {Zoo.Default.Name}. 'mnist models' lists them." };
    private static readonly Option<string?> DatasetName = DatasetChoice.Completing(new Option<string?>("--dataset", "-d") { Description = DatasetChoice.Help + " Default mnist." });
    private static readonly Option<double?> TestFraction = NumberOptions.Real("--test-fraction", $"For a folder dataset, the share of each class held out for testing, in (0, 1) (default {LabelledFolder.DefaultTestFraction}; drawn with a fixed seed).", 0, 1);
    private static readonly Option<string?> TestFolder = new("--test-folder") { Description = "For a folder dataset, a separate folder of test images with the same class subfolders (instead of --test-fraction)." };
    private static readonly Option<string?> InitFrom = new("--init-from") { Description = "Fine-tune: start from this trained run's weights (its model; the head starts fresh when the classes differ), with a recipe for a few hundred images (adam lr 0.001, batch 32, 10 epochs) unless options say otherwise." };
    private static readonly Option<string[]> Freeze = new("--freeze") { Description = $"With --init-from, layers that keep their trained weights: the network's layer paths (0,4; an unknown one is refused with the list), or {FineTuning.AllButHead}.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<int?> Epochs = NumberOptions.Whole("--epochs", "Epochs in all (default: the model's recipe; with --resume, train up to this many).", 1, RunPlan.MaxEpochs, "-e");
    private static readonly Option<int?> BatchSize = NumberOptions.Whole("--batch-size", $"Samples per step (default: the model's recipe; at most {RunPlan.MaxBatchSize:N0}).", 1, RunPlan.MaxBatchSize, "-b");
    private static readonly Option<string?> Optimizer = new("--optimizer") { Description = $"The optimizer: {string.Join(", ", ByName.Optimizers)} (default: the model's recipe)." };
    private static readonly Option<double?> LearningRate = NumberOptions.Positive("--lr", "The learning rate, or the peak of the schedule (default: the recipe's, or a standard one for --optimizer).");
    private static readonly Option<string?> Schedule = new("--schedule") { Description = $"The learning-rate schedule: {string.Join(", ", ByName.Schedules)} (default: the model's recipe)." };
    private static readonly Option<double?> WeightDecay = NumberOptions.Real("--weight-decay", "L2 weight decay, decoupled for adamw (default: the model's recipe; 0 with --optimizer).", 0, double.PositiveInfinity);
    private static readonly Option<double?> LabelSmoothing = NumberOptions.Real("--label-smoothing", "Spread this share of each target evenly over all classes, in [0, 1) (default: the model's recipe).", 0, 1);
    private static readonly Option<double?> Momentum = NumberOptions.Real("--momentum", "Momentum of sgd (default 0.9, Nesterov) or rmsprop (default 0), in [0, 1).", 0, 1);
    private static readonly Option<long?> Seed = NumberOptions.Whole64("--seed", $"Seeds initialisation, dropout, shuffling and the validation split (default {RunSpec.DefaultSeed}).");
    private static readonly Option<int?> Threads = ThreadCount.Create();
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or auto (default auto). This version trains on the CPU in every build, so cuda is refused with the reason.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "Use the dataset files in this folder (standard names, raw or .gz) and no other source." };
    private static readonly Option<string?> Output = new("--out", "-o") { Description = "The run's folder (default runs/<timestamp>, or the resumed run's folder). A folder that holds a run is refused unless --replace." };
    private static readonly Option<bool> Replace = new("--replace") { Description = "Delete the run already in --out (its report, metrics, history, checkpoint and run.json) and write the new one there." };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue the run whose checkpoint folder this is (runs/<timestamp>/checkpoint)." };
    private static readonly Option<int?> Validation = NumberOptions.Whole("--validation", "Training samples to hold out as a validation split, evaluated each epoch (default 0; fewer than the training split holds).", min: 0);
    private static readonly Option<int?> EarlyStopping = NumberOptions.Whole("--early-stopping", "Stop when the validation loss has not improved for this many epochs; needs --validation.", min: 1);
    private static readonly Option<double?> TimeBudget = NumberOptions.Positive("--time-budget", "Stop before another epoch would take training past this many seconds.");
    private static readonly Option<long?> TrainItems = NumberOptions.Whole64("--train-items", "Train on the first N training items only (default: all of them).", min: 1);
    private static readonly Option<long?> TestItems = NumberOptions.Whole64("--test-items", "Evaluate on the first N test items only (default: all of them).", min: 1);
    private static readonly Option<bool> Quick = new("--quick") { Description = $"Check the recipe end to end in seconds: {RunPlan.QuickDescription}. The figures measure nothing, and the output, the report and run.json say so." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document (test_accuracy, test_loss, timings, paths) on stdout; everything else goes to stderr." };

    private static readonly Option[] All = [Model, DatasetName, Epochs, BatchSize, Optimizer, LearningRate, Schedule, WeightDecay, LabelSmoothing, Momentum, Seed, Threads, Device, DataDirectory, Output, Replace, Resume, Validation, EarlyStopping, TimeBudget, TrainItems, TestItems, Quick, Json, TestFraction, TestFolder, InitFrom, Freeze];

    static TrainCommand()
    {
        Model.AcceptOnlyFromAmong([.. Zoo.All.Select(model => model.Name)]);
        Optimizer.AcceptOnlyFromAmong([.. ByName.Optimizers]);
        Schedule.AcceptOnlyFromAmong([.. ByName.Schedules]);
        Device.AcceptOnlyFromAmong([.. DeviceChoice.Values]);
        EarlyStopping.HelpName = "PATIENCE";
        TimeBudget.HelpName = "SECONDS";
    }

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("train", "Train a model, evaluate it on the test split, and write report.html, metrics.json, history.csv and a checkpoint.");
        foreach (var option in All) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (NumberOptions.ValueOrDefault(result, EarlyStopping) is not null && result.GetValue(Resume) is null && NumberOptions.ValueOrDefault(result, Validation) is not > 0)
                result.AddError("--early-stopping watches the validation loss: give --validation N too (training samples to hold out).");
            if (result.GetValue(Replace) && result.GetValue(Output) is null)
                result.AddError("--replace needs --out: it replaces the run in that folder.");
        });
        command.SetAction(CommandAction.Guarded((parse, cancellation) =>
            TrainingRun.ExecuteAsync(Request(parse), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation)));
        return command;
    }

    /// <summary>The action of the bare <c>mnist</c> command: train the default model with its recipe.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> DefaultAction() =>
        CommandAction.Guarded((parse, cancellation) =>
            TrainingRun.ExecuteAsync(new TrainRequest(), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation));

    private static TrainRequest Request(ParseResult parse) => new(
        parse.GetValue(Model), parse.GetValue(DatasetName), parse.GetValue(Epochs), parse.GetValue(BatchSize),
        parse.GetValue(Optimizer), parse.GetValue(LearningRate), parse.GetValue(Schedule), parse.GetValue(Seed),
        parse.GetValue(Threads), parse.GetValue(Device) ?? "auto", parse.GetValue(DataDirectory), parse.GetValue(Output),
        parse.GetValue(Resume), parse.GetValue(Validation), parse.GetValue(Json))
    {
        EarlyStopping = parse.GetValue(EarlyStopping),
        TimeBudget = parse.GetValue(TimeBudget),
        LabelSmoothing = parse.GetValue(LabelSmoothing),
        WeightDecay = parse.GetValue(WeightDecay),
        Momentum = parse.GetValue(Momentum),
        Replace = parse.GetValue(Replace),
        TrainItems = parse.GetValue(TrainItems),
        TestItems = parse.GetValue(TestItems),
        Quick = parse.GetValue(Quick),
        TestFraction = parse.GetValue(TestFraction),
        TestFolder = parse.GetValue(TestFolder),
        InitFrom = parse.GetValue(InitFrom),
        Freeze = parse.GetValue(Freeze) is { Length: > 0 } layers ? [.. layers.SelectMany(layer => layer.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))] : null,
    };
}
