using System.CommandLine;
using Mnist.App.Cli;
using Mnist.App.Training;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;

namespace Mnist.App.Commands;

/// <summary><c>train</c>: trains a zoo model, evaluates it and writes the report, metrics, history and checkpoint.</summary>
public static class TrainCommand
{
    private static readonly Option<string> Device = new("--device") { Description = "cpu, cuda or auto (default auto). This version trains on the CPU in every build, so cuda is refused with the reason.", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "Use the dataset files in this folder (standard names, raw or .gz) and no other source." };
    private static readonly Option<string?> Output = new("--out", "-o") { Description = "The run's folder (default runs/<timestamp>, or the resumed run's folder). A folder that holds a run is refused unless --replace." };
    private static readonly Option<bool> Replace = new("--replace") { Description = "Delete the run already in --out (its report, metrics, history, checkpoint and run.json) and write the new one there." };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue the run whose checkpoint folder this is (runs/<timestamp>/checkpoint)." };
    private static readonly Option<string?> ModelFile = new("--model-file") { Description = "Train the network in this architecture file ('mnist models --architecture NAME' prints one to start from) instead of a zoo model; the recipe is the default model's with the flags given (a zoo model's own architecture, as printed, trains with that model's recipe).", HelpName = "FILE" };
    private static readonly Option<string?> OptimizerFile = new("--optimizer-file") { Description = "Train with the optimizer plan in this file (gradient transforms and a learning-rate plan; docs/optimizers.md) instead of a named optimizer.", HelpName = "FILE" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document (test_accuracy, test_loss, timings, paths) on stdout; everything else goes to stderr." };

    static TrainCommand()
    {
        TrainFlags.OptionFor<string?>("model").AcceptOnlyFromAmong([.. Zoo.All.Select(model => model.Name)]);
        DatasetChoice.Completing(TrainFlags.OptionFor<string?>("dataset"));
        TrainFlags.OptionFor<string?>(Recipe.Key("optimizer")).AcceptOnlyFromAmong([.. ByName.Optimizers]);
        TrainFlags.OptionFor<string?>(Recipe.Key("schedule")).AcceptOnlyFromAmong([.. ByName.Schedules]);
        TrainFlags.OptionFor<string?>("monitor").AcceptOnlyFromAmong([.. Metric.Watchable.Select(metric => metric.Key)]);
        TrainFlags.OptionFor<int?>("early_stopping_patience").HelpName = "PATIENCE";
        TrainFlags.OptionFor<double?>("time_budget_seconds").HelpName = "SECONDS";
        Device.AcceptOnlyFromAmong([.. DeviceChoice.Values]);
        // Completion, not a parser's choice: a wrong method is a setting refused with the names there are (exit 2), as a resumed run's is.
        TrainFlags.OptionFor<string?>(RunSpecJson.AdversarialMethodKey).CompletionSources.Add([.. TrainFlags.AdversarialMethods]);
        TrainFlags.OptionFor<double?>(Recipe.Key("adversarial.warmup_epochs")).HelpName = "EPOCHS";
    }

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("train", "Train a model, evaluate it on the test split, and write report.html, metrics.json, history.csv and a checkpoint.");
        foreach (var (option, _, _) in TrainFlags.Settings) command.Options.Add(option);
        foreach (var option in new Option[] { ModelFile, OptimizerFile, Device, DataDirectory, Output, Replace, Resume, Json }) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            // A file stands for the settings it describes: a flag for one of them beside it would be ignored, so it is refused.
            string[] named = ["model"], optimizer = [Recipe.Key("optimizer"), Recipe.Key("learning_rate"), Recipe.Key("schedule"), Recipe.Key("weight_decay"), Recipe.Key("momentum"), Recipe.Key("clip_grad_norm")];
            foreach (var (file, keys) in new[] { (ModelFile, named), (OptimizerFile, optimizer) })
            {
                if (result.GetResult(file) is null) continue;
                if (result.GetResult(Resume) is not null)
                    result.AddError($"{file.Name} starts a new run: a resumed run keeps the {(file == ModelFile ? "network" : "optimizer")} its checkpoint holds.");
                foreach (var key in keys.Where(key => result.GetResult(TrainFlags.Settings.Single(setting => setting.Key == key).Option) is { Implicit: false }))
                    result.AddError($"{TrainFlags.FlagFor(key)} and {file.Name} both say what to train with: give one of them.");
            }
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
        ModelFile = parse.GetValue(ModelFile),
        OptimizerFile = parse.GetValue(OptimizerFile),
        Replace = parse.GetValue(Replace),
        Json = parse.GetValue(Json),
    };
}
