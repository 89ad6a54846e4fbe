using System.CommandLine;
using Mnist.App.Cli;
using Mnist.App.Progress;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.IO;
using Mnist.Functional.Runs;
using Mnist.Functional.Text;
using static System.FormattableString;

namespace Mnist.App.Commands;

/// <summary><c>import</c>: makes a checkpoint folder from a PyTorch state_dict saved as safetensors.</summary>
public static class ImportCommand
{
    private static readonly Option<string> Model = new("--model", "-m") { Description = "The zoo model whose architecture the weights are for (see 'models').", Required = true };
    private static readonly Option<string> Weights = new("--weights", "-w") { Description = "A PyTorch state_dict saved with safetensors.torch.save_file(model.state_dict(), FILE).", Required = true };
    private static readonly Option<string> DatasetName = new Option<string>("--dataset") { Description = "The dataset the weights were trained on.", DefaultValueFactory = _ => "mnist" }.AcceptOnlyFromAmong("mnist", "fashion");
    private static readonly Option<string> Out = new("--out", "-o") { Description = "The checkpoint folder to write; it must not exist yet.", Required = true };
    private static readonly Option<double?> PixelMean = NumberOptions.Between("--pixel-mean", "The mean the weights' inputs were normalised with, for pixels in [0, 1]: from 0 to 1 (default: the dataset's training split's, 0.1307 for MNIST).", PixelStats.MinMean, PixelStats.MaxMean);
    private static readonly Option<double?> PixelStd = NumberOptions.Between("--pixel-std", "The standard deviation the inputs were normalised with: from 0.001 to 1 (default: the training split's, 0.3081 for MNIST).", PixelStats.MinStd, PixelStats.MaxStd);
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "Use the dataset files in this folder (standard names, raw or .gz) and no other source." };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("import", "Make a checkpoint folder from a PyTorch state_dict saved as safetensors, for 'evaluate', 'predict' and 'export'.");
        foreach (var option in new Option[] { Model, Weights, DatasetName, Out, PixelMean, PixelStd, DataDirectory }) command.Options.Add(option);
        command.SetAction(CommandAction.Guarded(ImportAsync));
        return command;
    }

    private static async Task<int> ImportAsync(ParseResult parse, CancellationToken cancellation)
    {
        var model = Zoo.Find(parse.GetValue(Model)!);
        var weights = parse.GetValue(Weights)!;
        var directory = parse.GetValue(Out)!;
        var dataset = DatasetCatalog.Find(parse.GetValue(DatasetName)!);
        try
        {
            InputFile.RequireRegular(weights, "the safetensors file that holds the state_dict");
        }
        catch (IOException e)
        {
            throw new IOException($"--weights: {e.Message}", e);
        }
        if (Directory.Exists(directory) || File.Exists(directory))
            throw new IOException($"--out: {OutsideText.Show(directory)} already exists: give a new folder, so that no checkpoint is overwritten.");
        if (RunFolder.Enclosing(directory) is { } inside)
            throw new IOException($"--out: {OutsideText.Show(Path.GetFullPath(directory))} is inside the run in {OutsideText.Show(inside.Run)} ({OutsideText.Show(inside.Marker)} makes that folder a run), and an import does not write into another run, as 'train --out' does not. Give a folder of its own.");
        if (parse.GetValue(PixelMean).HasValue != parse.GetValue(PixelStd).HasValue)
            throw new ArgumentException("Give both --pixel-mean and --pixel-std, or neither (then the dataset's training statistics are used).");

        CommandEngine.Start(EngineOptions.ForTraining);
        var stats = await StatsAsync(parse, dataset, cancellation);
        var full = Path.GetFullPath(directory);
        OutputTarget.Folder("--out", Path.GetDirectoryName(full)!, parse.InvocationConfiguration.Error);
        try
        {
            StateDictImport.ToCheckpoint(weights, model, dataset, stats, directory);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or FileWriteException)
        {
            throw OutputTarget.CannotWrite("--out", full, e);
        }
        await parse.InvocationConfiguration.Output.WriteLineAsync(Invariant(
            $"wrote {Path.GetFullPath(directory)}: {model.Name} on {dataset.Title}, inputs normalised with mean {stats.Mean:F4}, std {stats.Std:F4}"));
        return ExitCodes.Success;
    }

    private static async Task<PixelStats> StatsAsync(ParseResult parse, DatasetInfo dataset, CancellationToken cancellation)
    {
        if (parse.GetValue(PixelMean) is { } mean && parse.GetValue(PixelStd) is { } std)
            return new PixelStats(mean, std);
        using var data = await DataSources.LoadAsync(dataset, new DataOptions(parse.GetValue(DataDirectory), Progress: ProgressLine.For(parse.InvocationConfiguration.Error)), cancellation);
        return data.Stats;
    }
}
