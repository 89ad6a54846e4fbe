using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;

namespace Mnist.App.Commands;

/// <summary><c>models</c>: lists the zoo with each model's parameters, MFLOPs per sample and training recipe.</summary>
public static class ModelsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write one JSON document on standard output instead of the table." };
        var command = new Command("models", "List the model zoo: parameters, MFLOPs per 28×28 sample (2 × multiply-adds), and the recipe each trains with.");
        command.Options.Add(json);
        command.SetAction(CommandAction.Guarded(async (parse, _) =>
        {
            Engine.Start(EngineOptions.ForTraining);
            var rows = Zoo.All.Select(model => (Model: model, Summary: Summary.Of(model.Network, 1, 1, 28, 28))).ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                await JsonOutput.WriteAsync(output, new JsonObject { ["models"] = new JsonArray([.. rows.Select(row => ToJson(row.Model, row.Summary))]) });
            else
                await output.WriteAsync(Table(rows));
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

    // Text columns left-aligned, numbers right-aligned; the description last, so that a narrow terminal wraps only it.
    private static string Table(IReadOnlyList<(ZooModel Model, Summary Summary)> rows)
    {
        string[] header = ["model", "parameters", "MFLOPs", "recipe", "description"];
        var lines = rows.Select(row => new[]
        {
            row.Model.Name + (row.Model == Zoo.Default ? " *" : ""),
            row.Summary.TotalParameters.ToString("N0", CultureInfo.InvariantCulture),
            MegaFlops(row.Summary).ToString("F2", CultureInfo.InvariantCulture),
            row.Model.Recipe.Describe(),
            row.Model.Description,
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(column => lines.Max(line => line[column].Length)).ToArray();
        var text = lines.Select(line => string.Join("  ", line.Select((cell, column) =>
            column is 1 or 2 ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]))).TrimEnd());
        return string.Join(Environment.NewLine, text) + Environment.NewLine +
               $"* the default model. MFLOPs per 28×28 sample = 2 × multiply-adds / 10⁶.{Environment.NewLine}";
    }
}
