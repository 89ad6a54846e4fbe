using System.CommandLine;
using Mnist.App.Cli;
using Mnist.App.Progress;
using System.Text.Json.Nodes;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Text;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using static System.FormattableString;

namespace Mnist.App.Commands;

/// <summary>
/// <c>evaluate</c>: loads a checkpoint and measures it on the test split of the dataset it was trained on, or on another
/// dataset of the same classes (<c>--dataset</c>); a folder of labelled images is read whole as test images, each
/// prepared as <c>predict</c> prepares it, and every mistaken file is named.
/// </summary>
public static class EvaluateCommand
{
    private static readonly Option<string> Checkpoint = new("--checkpoint", "-c") { Description = "The run folder that 'train' wrote (runs/<timestamp>) or its checkpoint folder.", Required = true };
    private static readonly Option<string?> DatasetName = DatasetChoice.Completing(new Option<string?>("--dataset", "-d") { Description = "Evaluate on this dataset instead of the one the model was trained on: a folder of labelled images (one subfolder per class, every image a test image, prepared as predict prepares it), or a dataset of the same classes and image size." });
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "Use the dataset files in this folder (standard names, raw or .gz) and no other source." };
    private static readonly Option<int?> Threads = ThreadCount.Create();
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON document (test_accuracy, test_loss, per-class metrics, confusion matrix) on stdout." };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("evaluate", "Evaluate a checkpoint on the test split: accuracy, loss, per-class precision/recall/F1 and the confusion matrix.");
        foreach (var option in new Option[] { Checkpoint, DatasetName, DataDirectory, Threads, Json }) command.Options.Add(option);
        command.SetAction(CommandAction.Guarded(EvaluateAsync));
        return command;
    }

    private static async Task<int> EvaluateAsync(ParseResult parse, CancellationToken cancellation)
    {
        var engine = CommandEngine.Start(EngineOptions.ForTraining, parse.GetValue(Threads));
        var checkpoint = RunFolders.CheckpointOf(parse.GetValue(Checkpoint)!);
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        using var trained = TrainedModel.Load(checkpoint);
        var described = parse.GetValue(DatasetName) is { } name ? Other(name, trained) : trained.Dataset;
        using var dataset = await DataSources.LoadAsync(described, DatasetChoice.Options(parse.GetValue(DataDirectory), ProgressLine.For(error), trained.Dataset.Image), cancellation);
        foreach (var skipped in dataset.Contents?.Skipped ?? [])
            await error.WriteLineAsync($"skipped: {skipped.Reason}");

        var (predictions, seconds) = Run.EvaluateTest(trained, dataset);
        predictions.RequireFinite(i => Invariant($"test image {i}"));

        if (parse.GetValue(Json))
        {
            var metrics = RunResultJson.ForEvaluation(predictions, seconds, trained.Spec, engine, new Dictionary<string, string> { ["checkpoint"] = Path.GetFullPath(checkpoint) });
            if (dataset.Contents is { } read)
            {
                metrics["files"] = new JsonArray([.. read.TestFiles.Select((file, i) => (JsonNode)new JsonObject
                {
                    ["file"] = file, ["actual"] = predictions.ClassNames[predictions.Labels[i]], ["predicted"] = predictions.ClassNames[predictions.Predicted[i]],
                    ["probability"] = predictions.Probability(i, predictions.Predicted[i]),
                })]);
                metrics["skipped"] = new JsonArray([.. read.Skipped.Select(skipped => (JsonNode)new JsonObject { ["file"] = skipped.Path, ["reason"] = skipped.Reason })]);
            }
            await output.WriteLineAsync(RunResultJson.Render(metrics));
            return ExitCodes.Success;
        }

        await output.WriteLineAsync(Invariant($"model          {trained.Model.Name} ({trained.Spec.Recipe.Describe()})"));
        await output.WriteLineAsync(Invariant($"dataset        {dataset.Info.Title}, {predictions.Count:N0} test images{(dataset.Contents is { } contents ? $" ({contents.Skipped.Count:N0} files skipped)" : "")}"));
        await output.WriteLineAsync(Invariant($"test accuracy  {ProgressText.Percent(predictions.Accuracy)}"));
        await output.WriteLineAsync(Invariant($"test loss      {predictions.Loss:F4}"));
        await output.WriteLineAsync(Invariant($"evaluated in   {seconds:F2} s"));
        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"{"class",-14} {"precision",9} {"recall",9} {"F1",9} {"support",8}"));
        var confusion = predictions.Confusion();
        foreach (var metrics in confusion.PerClass())
        {
            var label = metrics.Name == Invariant($"{metrics.Class}") ? metrics.Name : Invariant($"{metrics.Class} {metrics.Name}");
            await output.WriteLineAsync(Invariant($"{label,-14} {ProgressText.Percent(metrics.Precision),9} {ProgressText.Percent(metrics.Recall),9} {ProgressText.Percent(metrics.F1),9} {metrics.Support,8:N0}"));
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync("confusion matrix (rows: actual, columns: predicted)");
        var rows = confusion.ToRows();
        await output.WriteLineAsync("      " + string.Concat(Enumerable.Range(0, rows.Length).Select(column => Invariant($"{column,6}"))));
        for (var row = 0; row < rows.Length; row++)
            await output.WriteLineAsync(Invariant($"{row,6}") + string.Concat(rows[row].Select(count => Invariant($"{count,6}"))));
        if (dataset.Contents is { } files && predictions.Errors > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("mistakes (file: actual -> predicted, probability)");
            for (var i = 0; i < predictions.Count; i++)
                if (predictions.Predicted[i] != predictions.Labels[i])
                    await output.WriteLineAsync(Invariant($"  {OutsideText.Show(files.TestFiles[i])}: {predictions.ClassNames[predictions.Labels[i]]} -> {predictions.ClassNames[predictions.Predicted[i]]} ({ProgressText.Percent(predictions.Probability(i, predictions.Predicted[i]))})"));
        }
        return ExitCodes.Success;
    }

    // The dataset --dataset names, for a model trained on other data: a folder read whole as test images of the model's classes, or a dataset of the same classes and image size.
    private static DatasetInfo Other(string name, TrainedModel trained)
    {
        var dataset = DatasetChoice.Resolve(name);
        if (dataset.Folder is { } folder)
            return ImageFolders.Describe(LabelledFolder.AllForTesting(folder.Path), trained.Dataset.Image, trained.Dataset.ClassNames);
        if (!dataset.ClassNames.SequenceEqual(trained.Dataset.ClassNames) || dataset.Image != trained.Dataset.Image)
            throw new ArgumentException($"--dataset {name}: {dataset.Title} has {dataset.Classes} classes of {dataset.Image} images, but the model was trained on {trained.Dataset.Title}'s {trained.Dataset.Classes} classes of {trained.Dataset.Image} images: evaluate it on data of the same classes.");
        return dataset;
    }
}
