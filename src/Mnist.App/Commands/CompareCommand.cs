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
        Arity = new ArgumentArity(1, MaxRuns),
    };

    private static readonly Option<string> Output = new("--out", "-o")
    {
        Description = "Where to write the HTML page (default compare.html).",
        DefaultValueFactory = _ => "compare.html",
    };

    /// <summary>The most runs one page compares.</summary>
    public const int MaxRuns = 64;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("compare", "Compare runs: their settings and results side by side (differences marked), and an HTML page with their curves overlaid.");
        command.Arguments.Add(Runs);
        command.Options.Add(Output);
        // The parser's own word for one argument short, "Required argument missing", reads wrong when a run was given.
        command.Validators.Add(result =>
        {
            if (result.GetValue(Runs) is [var only])
                result.AddError($"compare puts two or more runs side by side, and got one ({only}). Name another run to compare it with; 'mnist runs {only}' shows one run, and its report.html all of it.");
        });
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var runs = parse.GetValue(Runs)!.Select(RunFolders.Read).ToArray();
            var histories = runs.Select(RunFolders.HistoryOf).ToArray();
            var page = OutputTarget.File("--out", parse.GetValue(Output)!, "compare.html", error);
            OutputTarget.Writing("--out", page, () => ComparisonPage.Write(runs, histories, page));
            await parse.InvocationConfiguration.Output.WriteAsync(RunComparison.Text(runs));
            await parse.InvocationConfiguration.Error.WriteLineAsync($"page: {page}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
