using System.CommandLine;
using Mnist.App.Cli;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;

namespace Mnist.App.Commands;

/// <summary><c>runs</c>: lists the run folders under a folder (model, dataset, epochs, test accuracy, training time, date, state).</summary>
public static class RunsCommand
{
    private static readonly Argument<string> Directory = new("DIR")
    {
        Description = "The folder that holds run folders (default runs), or one run folder or its checkpoint folder.",
        DefaultValueFactory = _ => "runs",
    };

    private static readonly Option<bool> Json = new("--json") { Description = "Write one JSON document on standard output instead of the table." };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("runs", "List training runs, oldest first: model, dataset, epochs, test accuracy, training time, date and state (finished, interrupted, failed, running).");
        command.Arguments.Add(Directory);
        command.Options.Add(Json);
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            var directory = parse.GetValue(Directory)!;
            var output = parse.InvocationConfiguration.Output;
            if (!System.IO.Directory.Exists(directory) && !File.Exists(directory))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: there is no folder {directory}. Train a run first ('mnist train' writes runs/<timestamp>), or give the folder that holds your runs: mnist runs DIR.");
                return ExitCodes.InputError;
            }
            var runs = RunFolders.List(directory);
            if (parse.GetValue(Json))
                await JsonOutput.WriteAsync(output, RunListing.Json(runs));
            else
                await output.WriteAsync(RunListing.Text(runs));
            return ExitCodes.Success;
        }));
        return command;
    }
}
