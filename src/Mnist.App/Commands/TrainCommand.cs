using System.CommandLine;
using Mnist.App.Cli;
using Mnist.App.Runs;
using Mnist.Functional.Data;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;

namespace Mnist.App.Commands;

/// <summary><c>train</c>: trains a zoo model, evaluates it and writes the report, metrics, history and checkpoint.</summary>
public static class TrainCommand
{
    private static readonly Option<string?> Model = new("--model", "-m") { Description = $"The zoo model ({string.Join(", ", Zoo.All.Select(model => model.Name))}); default {Zoo.Default.Name}. 'mnist models' lists them." };
    private static readonly Option<string?> DatasetName = new("--dataset", "-d") { Description = "The dataset: mnist (default) or fashion." };
    private static readonly Option<int?> Epochs = new("--epochs", "-e") { Description = "Epochs in all (default: the model's recipe; with --resume, train up to this many)." };
    private static readonly Option<int?> BatchSize = new("--batch-size", "-b") { Description = "Samples per step (default: the model's recipe)." };
    private static readonly Option<string?> Optimizer = new("--optimizer") { Description = $"The optimizer: {string.Join(", ", ByName.Optimizers)} (default: the model's recipe)." };
    private static readonly Option<double?> LearningRate = new("--lr") { Description = "The learning rate, or the peak of the schedule (default: the recipe's, or a standard one for --optimizer)." };
    private static readonly Option<string?> Schedule = new("--schedule") { Description = $"The learning-rate schedule: {string.Join(", ", ByName.Schedules)} (default: the model's recipe)." };
    private static readonly Option<long?> Seed = new("--seed") { Description = $"Seeds initialisation, dropout, shuffling and the validation split (default {RunPlan.DefaultSeed})." };
    private static readonly Option<int?> Threads = new("--threads") { Description = "Intra-op threads for libtorch (default: one per core)." };
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or auto (default auto: the CPU in this build).", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "Use the dataset files in this folder (standard names, raw or .gz) and no other source." };
    private static readonly Option<string?> Output = new("--out", "-o") { Description = "The run's folder (default runs/<timestamp>, or the resumed run's folder)." };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue the run whose checkpoint folder this is (runs/<timestamp>/checkpoint)." };
    private static readonly Option<int?> Validation = new("--validation") { Description = "Training samples to hold out as a validation split, evaluated each epoch (default 0)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document (test_accuracy, test_loss, timings, paths) on stdout; everything else goes to stderr." };

    private static readonly Option[] All = [Model, DatasetName, Epochs, BatchSize, Optimizer, LearningRate, Schedule, Seed, Threads, Device, DataDirectory, Output, Resume, Validation, Json];

    static TrainCommand()
    {
        DatasetName.AcceptOnlyFromAmong([.. DatasetCatalog.All.Select(dataset => dataset.Id)]);
        Device.AcceptOnlyFromAmong([.. DeviceChoice.Values]);
    }

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("train", "Train a model, evaluate it on the test split, and write report.html, metrics.json, history.csv and a checkpoint.");
        foreach (var option in All) command.Options.Add(option);
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
        parse.GetValue(Resume), parse.GetValue(Validation), parse.GetValue(Json));
}
