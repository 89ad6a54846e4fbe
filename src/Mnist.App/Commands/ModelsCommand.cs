using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using Spectre.Console;

namespace Mnist.App.Commands;

/// <summary>
/// <c>models</c>: lists the zoo with each model's parameters, MFLOPs per sample and training recipe; with
/// <c>--architecture NAME</c> or <c>--model-file FILE</c>, prints that model's architecture as JSON (the form
/// <c>train --model-file</c> reads), or with <c>--summary</c> its layer table (output shapes, parameters, multiply-adds).
/// </summary>
public static class ModelsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write one JSON document on standard output instead of the table." };
        var architecture = new Option<string?>("--architecture") { Description = "Print this zoo model's architecture as JSON, the form 'train --model-file' reads (a start for a model of your own).", HelpName = "NAME" };
        var modelFile = new Option<string?>("--model-file") { Description = "An architecture file to check (and print as the library writes it, or with --summary as a layer table).", HelpName = "FILE" };
        var summary = new Option<bool>("--summary") { Description = "With --architecture or --model-file: the layer table (output shapes, parameters, multiply-adds per sample) instead of the JSON." };
        architecture.AcceptOnlyFromAmong([.. Zoo.All.Select(model => model.Name)]);
        var command = new Command("models", "List the model zoo: parameters, MFLOPs per 28×28 sample (2 × multiply-adds), and the recipe each trains with; or print one model's architecture.");
        command.Options.Add(json);
        command.Options.Add(architecture);
        command.Options.Add(modelFile);
        command.Options.Add(summary);
        command.Validators.Add(result =>
        {
            // Presence only: a value the option refuses has its own error already.
            var (named, file) = (result.GetResult(architecture) is not null, result.GetResult(modelFile) is not null);
            if (named && file)
                result.AddError("Give --architecture (a zoo model) or --model-file (a file), not both.");
            else if (result.GetValue(summary) && !named && !file)
                result.AddError("--summary shows one model's layers: add --architecture NAME or --model-file FILE.");
            else if (result.GetValue(json) && (named || file))
                result.AddError("An architecture is printed as JSON already: leave out --json.");
        });
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            var named = parse.GetValue(architecture) is { } name ? Zoo.Find(name).Network : null;
            var network = named ?? (parse.GetValue(modelFile) is { } file ? DescriptionFiles.Model(file, DatasetCatalog.Mnist, Zoo.Default.Recipe).Network : null);
            if (network is not null)
            {
                if (parse.GetValue(summary))
                {
                    CommandEngine.Start(EngineOptions.ForTraining);
                    await parse.InvocationConfiguration.Output.WriteLineAsync(Summary.Of(network, 1, 1, DatasetInfo.ImageSize, DatasetInfo.ImageSize).ToString());
                }
                else
                    await parse.InvocationConfiguration.Output.WriteAsync(ArchitectureJson.Write(network));
                return ExitCodes.Success;
            }
            CommandEngine.Start(EngineOptions.ForTraining);
            var rows = Zoo.All.Select(model => (Model: model, Summary: Summary.Of(model.Network, 1, 1, 28, 28))).ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                await JsonOutput.WriteAsync(output, new JsonObject { ["models"] = new JsonArray([.. rows.Select(row => ToJson(row.Model, row.Summary))]) });
            else
                await output.WriteAsync(Table(rows, TerminalWidth(output)));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Floating-point operations per sample in millions: <c>2 × multiply-adds / 10⁶</c>.</summary>
    public static double MegaFlops(Summary summary) => summary.TotalFlops / 1e6;

    private static JsonObject ToJson(ZooModel model, Summary summary) => new()
    {
        ["name"] = model.Name,
        ["default"] = model == Zoo.Default,
        ["description"] = model.Description,
        ["parameters"] = summary.TotalParameters,
        ["multiply_adds"] = summary.TotalMultiplyAdds,
        ["mflops"] = Math.Round(MegaFlops(summary), 3),
        ["recipe"] = WithText(RunSpecJson.ToJson(model.Recipe), model.Recipe.Describe()),
    };

    private static JsonObject WithText(JsonObject recipe, string text)
    {
        recipe["text"] = text;
        return recipe;
    }

    /// <summary>
    /// The zoo as a Spectre.Console table: text columns left-aligned, numbers right-aligned. Within
    /// <paramref name="width"/> columns (a terminal's width) the recipe and description wrap inside their columns;
    /// without one (output to a file or pipe) each model stays on one line, for grep.
    /// </summary>
    internal static string Table(IReadOnlyList<(ZooModel Model, Summary Summary)> rows, int? width)
    {
        var table = new Table { Border = TableBorder.None, Expand = false }
            .AddColumn(new TableColumn("model").NoWrap().PadLeft(0))
            .AddColumn(new TableColumn("parameters").RightAligned().NoWrap())
            .AddColumn(new TableColumn("MFLOPs").RightAligned().NoWrap())
            .AddColumn(new TableColumn("recipe"))
            .AddColumn(new TableColumn("description"));
        foreach (var (model, summary) in rows)
            table.AddRow(new Text(model.Name + (model == Zoo.Default ? " *" : "")),
                         new Text(summary.TotalParameters.ToString("N0", CultureInfo.InvariantCulture)),
                         new Text(MegaFlops(summary).ToString("F2", CultureInfo.InvariantCulture)),
                         new Text(model.Recipe.Describe()),
                         new Text(model.Description));
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = width ?? Unbounded;
        console.Write(table);
        var lines = text.ToString().Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0);
        return string.Join(Environment.NewLine, lines) + Environment.NewLine +
               $"* the default model. MFLOPs per 28×28 sample = 2 × multiply-adds / 10⁶.{Environment.NewLine}";
    }

    // Wider than any row, so that nothing wraps when the output is not a terminal.
    private const int Unbounded = 10_000;

    /// <summary>The terminal's width when <paramref name="output"/> is the console on a terminal; null otherwise (a file, a pipe, a test's writer).</summary>
    internal static int? TerminalWidth(TextWriter output)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected) return null;
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
