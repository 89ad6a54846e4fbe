using System.CommandLine;
using Mnist.App.Cli;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Text;

namespace Mnist.App.Commands;

/// <summary><c>compare</c>: puts runs side by side, as a table on standard output and as one offline HTML page with their curves overlaid.</summary>
public static class CompareCommand
{
    private static readonly Argument<string[]> Runs = new("RUN")
    {
        Description = "Two or more run folders (runs/<timestamp>) or their checkpoint folders.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string> Output = new("--out", "-o")
    {
        Description = "Where to write the HTML page (default compare.html).",
        DefaultValueFactory = _ => "compare.html",
    };

    private static readonly Option<bool> Force = OutputTarget.Force();

    /// <summary>The most runs one page compares.</summary>
    public const int MaxRuns = 64;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("compare", "Compare runs: their settings and results side by side (differences marked), and an HTML page with their curves overlaid.");
        command.Arguments.Add(Runs);
        command.Options.Add(Output);
        command.Options.Add(Force);
        // The parser's own word for one argument short, "Required argument missing", reads wrong when a run was given.
        command.Validators.Add(result =>
        {
            var runs = result.GetValue(Runs) ?? [];
            if (runs is [var only])
                result.AddError($"compare puts two or more runs side by side, and got one ({only}). Name another run to compare it with; 'mnist runs {only}' shows one run, and its report.html all of it.");
            if (runs.Length > MaxRuns)
                result.AddError($"compare puts at most {MaxRuns} runs side by side, and got {runs.Length}. Compare fewer at a time; 'mnist runs DIR' lists any number.");
        });
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var page = OutputTarget.File("--out", parse.GetValue(Output)!, "compare.html", error, parse.GetValue(Force));
            var runs = parse.GetValue(Runs)!.Select(RunFolders.Read).ToArray();
            // A damaged run cannot be put beside others: each file that cannot be read is named, and nothing is written.
            var problems = runs.SelectMany(run => run.Problems).ToList();
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                    await error.WriteLineAsync($"error: {OutsideText.Show(problem, CommandAction.MaxMessageLength)}.");
                await error.WriteLineAsync("Those runs' files are damaged; leave the runs out, or repair or delete the files named. 'mnist runs DIR' lists every run with what it can read.");
                return ExitCodes.InputError;
            }
            var histories = runs.Select(RunFolders.HistoryOf).ToArray();
            OutputTarget.Writing("--out", page, () => ComparisonPage.Write(runs, histories, page));
            await parse.InvocationConfiguration.Output.WriteAsync(RunComparison.Text(runs));
            await parse.InvocationConfiguration.Error.WriteLineAsync($"page: {page}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
