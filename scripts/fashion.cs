#:project ../src/Mnist.Functional.Reports/Mnist.Functional.Reports.csproj
#:property PublishAot=false
// (PublishAot=false keeps the library's reflection-based JSON working: file-based apps turn it off by default.)
// The same pipeline on Fashion-MNIST (28×28 grey images of clothing, 10 classes): zoo models trained with their
// MNIST recipes, unchanged, then per-class precision, recall and F1 of the most accurate one.
// Writes runs/fashion-<time>/report.md and results.json, and each run's folder beside them (fast/, …).
//
//   dotnet run -c Release scripts/fashion.cs             # the settings below
//   dotnet run -c Release scripts/fashion.cs -- --quick  # a few thousand images, one epoch: checks the script, measures nothing
using System.Diagnostics;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;

string[] Models = ["fast", "lenet5", "keras-cnn"];   // each with its (MNIST) recipe
const long Seed = 1;

var scale = args.Contains("--quick") ? ExperimentScale.Quick : ExperimentScale.Full;
var clock = Stopwatch.StartNew();
var engine = Engine.Start(EngineOptions.ForTraining);
Console.WriteLine(engine.Describe());
using var fashion = await DataSources.LoadAsync(DatasetCatalog.FashionMnist);

var folder = Experiment.FolderFor("fashion", scale, args, DateTimeOffset.Now);
var command = ExperimentReport.CommandFor("fashion", args);
var runs = Models.Select(name => Experiment.Run(RunSpec.Of(Zoo.Find(name), DatasetCatalog.FashionMnist, Seed), fashion, scale, Console.Out, folder: Experiment.RunFolderFor(folder, name), command: command)).ToList();
var best = runs.MaxBy(run => run.Test!.Accuracy)!;
var confusion = best.Test!.Confusion();

var report = new ExperimentReport
{
    Name = "fashion",
    Title = "Fashion-MNIST with the MNIST pipeline",
    Purpose = "Zoo models trained on the 60,000 Fashion-MNIST training images with the recipes they use for MNIST (nothing tuned for clothing), " +
              "then evaluated on the 10,000 test images; per-class figures for the most accurate model.",
    Command = command,
    Settings = [new("models", string.Join(", ", Models)), new("seed", $"{Seed}"), new("scale", scale.Describe())],
    Engine = engine,
    Sections =
    [
        new("Results", ExperimentTable.Of(runs)),
        new($"Per class, {best.Spec.Model.Name}", MarkdownTable.Render(
            ["class", "precision", "recall", "F1", "support"],
            confusion.PerClass().Select(c => (IReadOnlyList<string>)
                [$"{c.Class} {c.Name}", ReportFormat.Percent(c.Precision), ReportFormat.Percent(c.Recall), ReportFormat.Percent(c.F1), ReportFormat.Count(c.Support)]),
            numericColumns: new HashSet<int> { 1, 2, 3, 4 }) + $"\nMacro F1 {ReportFormat.Percent(confusion.MacroF1)}."),
    ],
    Results = new System.Text.Json.Nodes.JsonArray([.. runs.Select(run => run.ToJson())]),
    Seconds = clock.Elapsed.TotalSeconds,
};
report.Publish(folder, Console.Out);
