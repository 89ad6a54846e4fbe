using System.CommandLine;
using Mnist.App.Cli;
using Mnist.App.Progress;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using static System.FormattableString;

namespace Mnist.App.Commands;

/// <summary><c>import</c>: makes a checkpoint folder from a PyTorch state_dict saved as safetensors.</summary>
public static class ImportCommand
{
    private static readonly Option<string> Model = new("--model", "-m") { Description = "The zoo model whose architecture the weights are for (see 'models').", Required = true };
    private static readonly Option<string> Weights = new("--weights", "-w") { Description = "A PyTorch state_dict saved with safetensors.torch.save_file(model.state_dict(), FILE).", Required = true };
    private static readonly Option<string> DatasetName = new Option<string>("--dataset") { Description = "The dataset the weights were trained on.", DefaultValueFactory = _ => "mnist" }.AcceptOnlyFromAmong("mnist", "fashion");
    private static readonly Option<string> Out = new("--out", "-o") { Description = "The checkpoint folder to write; it must not exist yet.", Required = true };
    private static readonly Option<double?> PixelMean = NumberOptions.Real("--pixel-mean", "The mean the weights' inputs were normalised with, for pixels in [0, 1] (default: the dataset's training split's, 0.1307 for MNIST).", 0, double.PositiveInfinity);
    private static readonly Option<double?> PixelStd = NumberOptions.Positive("--pixel-std", "The standard deviation the inputs were normalised with (default: the training split's, 0.3081 for MNIST).");
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
        if (!File.Exists(weights))
            throw new FileNotFoundException($"{weights} does not exist: pass the safetensors file that holds the state_dict with --weights.", weights);
        if (Directory.Exists(directory) || File.Exists(directory))
            throw new IOException($"{directory} already exists: give --out a new folder, so that no checkpoint is overwritten.");
        if (parse.GetValue(PixelMean).HasValue != parse.GetValue(PixelStd).HasValue)
            throw new ArgumentException("Give both --pixel-mean and --pixel-std, or neither (then the dataset's training statistics are used).");

        Engine.Start(EngineOptions.ForTraining);
        var stats = await StatsAsync(parse, dataset, cancellation);
        var full = Path.GetFullPath(directory);
        OutputTarget.Folder("--out", Path.GetDirectoryName(full)!, parse.InvocationConfiguration.Error);
        try
        {
            StateDictImport.ToCheckpoint(weights, model, dataset, stats, directory);
        }
        catch (UnauthorizedAccessException e)
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
        {
            if (!double.IsFinite(mean) || !double.IsFinite(std) || std <= 0)
                throw new ArgumentException(Invariant($"--pixel-mean {mean} and --pixel-std {std} cannot normalise pixels: both must be finite and the standard deviation positive."));
            return new PixelStats(mean, std);
        }
        using var data = await DataSources.LoadAsync(dataset, new DataOptions(parse.GetValue(DataDirectory), Progress: ProgressLine.For(parse.InvocationConfiguration.Error)), cancellation);
        return data.Stats;
    }
}
