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
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or auto (default auto). This version trains on the CPU in every build, so cuda is refused with the reason.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "Use the dataset files in this folder (standard names, raw or .gz) and no other source." };
    private static readonly Option<string?> Output = new("--out", "-o") { Description = "The run's folder (default runs/<timestamp>, or the resumed run's folder). A folder that holds a run is refused unless --replace." };
    private static readonly Option<bool> Replace = new("--replace") { Description = "Delete the run already in --out (its report, metrics, history, checkpoint and run.json) and write the new one there." };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue the run whose checkpoint folder this is (runs/<timestamp>/checkpoint)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document (test_accuracy, test_loss, timings, paths) on stdout; everything else goes to stderr." };

    static TrainCommand()
    {
        TrainFlags.OptionFor<string?>("model").AcceptOnlyFromAmong([.. Zoo.All.Select(model => model.Name)]);
        TrainFlags.OptionFor<string?>("dataset").AcceptOnlyFromAmong([.. DatasetCatalog.All.Select(dataset => dataset.Id)]);
        TrainFlags.OptionFor<string?>(Recipe.Key("optimizer")).AcceptOnlyFromAmong([.. ByName.Optimizers]);
        TrainFlags.OptionFor<string?>(Recipe.Key("schedule")).AcceptOnlyFromAmong([.. ByName.Schedules]);
        TrainFlags.OptionFor<int?>("early_stopping_patience").HelpName = "PATIENCE";
        TrainFlags.OptionFor<double?>("time_budget_seconds").HelpName = "SECONDS";
        Device.AcceptOnlyFromAmong([.. DeviceChoice.Values]);
    }

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("train", "Train a model, evaluate it on the test split, and write report.html, metrics.json, history.csv and a checkpoint.");
        foreach (var (option, _, _) in TrainFlags.Settings) command.Options.Add(option);
        foreach (var option in new Option[] { Device, DataDirectory, Output, Replace, Resume, Json }) command.Options.Add(option);
        command.Validators.Add(result =>
        {
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

    private static TrainRequest Request(ParseResult parse) => new()
    {
        Settings = TrainFlags.Given(parse),
        Device = parse.GetValue(Device) ?? "auto",
        DataDirectory = parse.GetValue(DataDirectory),
        OutputDirectory = parse.GetValue(Output),
        Resume = parse.GetValue(Resume),
        Replace = parse.GetValue(Replace),
        Json = parse.GetValue(Json),
    };
}
