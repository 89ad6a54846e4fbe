using System.CommandLine;
using Mnist.App.Cli;
using Mnist.App.Commands;
using Mnist.Functional.Text;

namespace Mnist.App;

/// <summary>The command line: builds the command tree and runs it against the given writers.</summary>
public static class MnistCli
{
    /// <summary>Parses <paramref name="args"/>, runs the chosen command and returns its exit code.</summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="output">Where results go (standard output).</param>
    /// <param name="error">Where diagnostics and errors go (standard error).</param>
    /// <param name="cancellation">Stops a long-running command at its next safe point.</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        var root = Build();
        // Ctrl+C cancels the token; training then stops after its current step and writes a checkpoint, which needs more than the default two seconds.
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromMinutes(1) };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
            return Task.FromResult(ReportUsageErrors(parse, error));
        return parse.InvokeAsync(invocation, cancellation);
    }

    /// <summary>
    /// Writes each parse error on a line of its own, with whatever the user typed escaped and shortened (an argument
    /// may hold control characters or megabytes), and where to read the options; returns <see cref="ExitCodes.UsageError"/>.
    /// </summary>
    private static int ReportUsageErrors(ParseResult parse, TextWriter error)
    {
        // The parser lists choices one per line, tab-indented: that layout is kept, while a line break typed by the user
        // (which does not start such a line) stays escaped, so no argument can forge a line of its own.
        foreach (var problem in parse.Errors.Select(problem => problem.Message).Distinct())
        {
            var lines = new List<string>();
            foreach (var part in problem.Split('\n'))
            {
                if (lines.Count == 0 || part.StartsWith('\t')) lines.Add(part);
                else lines[^1] += "\n" + part;
            }
            foreach (var line in lines.Take(40))
                error.WriteLine((line.StartsWith('\t') ? "  " : "") + OutsideText.Show(line.TrimStart('\t').TrimEnd('\r'), 400));
        }
        var command = string.Join(" ", parse.CommandResult.Command.Parents.OfType<Command>().Reverse().Skip(1).Select(parent => parent.Name)
            .Append(parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name).Where(name => name.Length > 0));
        error.WriteLine($"Run 'mnist {(command.Length > 0 ? command + " " : "")}--help' to see the options.");
        return ExitCodes.UsageError;
    }

    /// <summary>The root command with every subcommand attached.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Mnist.Functional: train, evaluate and explain convolutional networks on MNIST-family digits, " +
            "in a functional style on TorchSharp.");
        root.Options.Add(GlobalOptions.Verbose);
        root.Subcommands.Add(EngineCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(LrFindCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(RobustnessCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.SetAction(TrainCommand.DefaultAction());
        return root;
    }
}
