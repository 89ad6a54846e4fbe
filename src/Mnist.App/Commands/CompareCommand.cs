using System.CommandLine;
using Mnist.App.Cli;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;

namespace Mnist.App.Commands;

/// <summary><c>compare</c>: puts runs side by side, as a table on standard output and as one offline HTML page with their curves overlaid.</summary>
public static class CompareCommand
{
    private static readonly Argument<string[]> Runs = new("RUN")
    {
        Description = "Two or more run folders (runs/<timestamp>) or their checkpoint folders.",
        Arity = new ArgumentArity(2, 64),
    };

    private static readonly Option<string> Output = new("--out", "-o")
    {
        Description = "Where to write the HTML page (default compare.html).",
        DefaultValueFactory = _ => "compare.html",
    };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("compare", "Compare runs: their settings and results side by side (differences marked), and an HTML page with their curves overlaid.");
        command.Arguments.Add(Runs);
        command.Options.Add(Output);
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            var runs = parse.GetValue(Runs)!.Select(RunFolders.Read).ToArray();
            var histories = runs.Select(RunFolders.HistoryOf).ToArray();
            var page = Path.GetFullPath(parse.GetValue(Output)!);
            ComparisonPage.Write(runs, histories, page);
            await parse.InvocationConfiguration.Output.WriteAsync(RunComparison.Text(runs));
            await parse.InvocationConfiguration.Error.WriteLineAsync($"page: {page}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
