#:project ../src/Mnist.Functional.Reports/Mnist.Functional.Reports.csproj
#:property PublishAot=false
// (PublishAot=false keeps the library's reflection-based JSON working: file-based apps turn it off by default.)
// Compares optimizers and learning-rate schedules on one model: the same network, seed, batch size and epochs,
// only the update rule and its schedule change. Writes runs/compare-optimizers-<time>/report.md and results.json, and each
// run's folder beside them (01-sgd-constant/, …; 'mnist runs runs/compare-optimizers-<time>' lists them).
//
//   dotnet run -c Release scripts/compare-optimizers.cs             # the settings below
//   dotnet run -c Release scripts/compare-optimizers.cs -- --quick  # a few thousand digits, one epoch: checks the script, measures nothing
//   dotnet run -c Release scripts/compare-optimizers.cs -- --out DIR # the report and the runs in DIR
using System.Diagnostics;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;

const string ModelName = "lenet5";   // no batch norm, so the optimizer matters
const int Epochs = 5;
const int BatchSize = 128;
const long Seed = 1;
// optimizer (see ByName: sgd is Nesterov momentum 0.9), peak learning rate, schedule, weight decay
(OptimizerKind Optimizer, double LearningRate, ScheduleKind Schedule, double WeightDecay)[] Candidates =
[
    (OptimizerKind.Sgd, 0.05, ScheduleKind.Constant, 0),
    (OptimizerKind.Sgd, 0.05, ScheduleKind.Cosine, 0),
    (OptimizerKind.Sgd, 0.1, ScheduleKind.OneCycle, 5e-4),
    (OptimizerKind.Adam, 1e-3, ScheduleKind.Constant, 0),
    (OptimizerKind.Adam, 3e-3, ScheduleKind.OneCycle, 0),
    (OptimizerKind.AdamW, 1e-3, ScheduleKind.Cosine, 1e-2),
    (OptimizerKind.RmsProp, 1e-3, ScheduleKind.Exponential, 0),
    (OptimizerKind.Adadelta, 1.0, ScheduleKind.Step, 0),
];

var scale = args.Contains("--quick") ? ExperimentScale.Quick : ExperimentScale.Full;
var clock = Stopwatch.StartNew();
var engine = Engine.Start(EngineOptions.ForTraining);
Console.WriteLine(engine.Describe());
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
var model = Zoo.Find(ModelName);
var folder = Experiment.FolderFor("compare-optimizers", scale, args, DateTimeOffset.Now);
var command = ExperimentReport.CommandFor("compare-optimizers", args);

var runs = Candidates
    .Select(c => new RunSpec(model, DatasetCatalog.Mnist, new Recipe(c.Optimizer, c.LearningRate, c.Schedule, BatchSize, Epochs, c.WeightDecay), Seed))
    .Select((plan, i) => Experiment.Run(plan, mnist, scale, Console.Out, folder: Experiment.RunFolderFor(folder, $"{i + 1:D2}-{ByName.Name(plan.Recipe.Optimizer)}-{ByName.Name(plan.Recipe.Schedule)}"), command: command))
    .ToList();
var best = runs.MaxBy(run => run.Test!.Accuracy)!;

var report = new ExperimentReport
{
    Name = "compare-optimizers",
    Title = $"Optimizers and schedules on {ModelName}",
    Purpose = $"{ModelName} trained {Epochs} epochs with batch {BatchSize} and seed {Seed} by each optimizer and schedule below (the schedule fitted to the run), " +
              "then evaluated on the 10,000 test digits. The accuracy is the last epoch's; the best test epoch is shown for reference only (picking it would be selection on the test set).",
    Command = command,
    Settings = [new("model", ModelName), new("epochs", $"{Epochs}"), new("batch size", $"{BatchSize}"), new("seed", $"{Seed}"), new("scale", scale.Describe())],
    Engine = engine,
    Sections =
    [
        new("Results", ExperimentTable.Of(runs)),
        new("Best", $"{best.Spec.Recipe.Describe()}: {ReportFormat.Percent(best.Test!.Accuracy)} test accuracy after the last epoch, in {ReportFormat.Duration(best.Timings.TrainingSeconds)} of training."),
    ],
    Results = new System.Text.Json.Nodes.JsonArray([.. runs.Select(run => run.ToJson())]),
    Seconds = clock.Elapsed.TotalSeconds,
};
report.Publish(folder, Console.Out);
