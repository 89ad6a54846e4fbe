#:project ../src/Mnist.Functional.Reports/Mnist.Functional.Reports.csproj
#:property PublishAot=false
// (PublishAot=false keeps the library's reflection-based JSON working: file-based apps turn it off by default.)
// Trains every zoo model with its own recipe on MNIST and compares test accuracy, training and evaluation
// time, parameters and FLOPs. Writes runs/zoo-<time>/report.md and results.json, and each run's folder beside them
// (01-fast/, …; 'mnist runs runs/zoo-<time>' lists them).
//
//   dotnet run -c Release scripts/zoo.cs                   # the settings below
//   dotnet run -c Release scripts/zoo.cs -- fast lenet5:3  # these models ("name:N" trains N epochs instead of the recipe's)
//   dotnet run -c Release scripts/zoo.cs -- --quick        # a few thousand digits, one epoch: checks the script, measures nothing
//   dotnet run -c Release scripts/zoo.cs -- --out DIR      # the report and the runs in DIR
using System.Diagnostics;
using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;

string[] Models = ["fast", "lenet5", "mlp", "keras-cnn", "pytorch-cnn", "best"];   // each with its recipe
const long Seed = 1;
int? Threads = null;                                                                // null: one per core

var chosen = args.Where((arg, i) => !arg.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] != "--out")).ToArray() is { Length: > 0 } named ? named : Models;
var scale = args.Contains("--quick") ? ExperimentScale.Quick : ExperimentScale.Full;
var clock = Stopwatch.StartNew();
var engine = Engine.Start(EngineOptions.ForTraining.WithThreads(Threads));
Console.WriteLine(engine.Describe());
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);

var folder = Experiment.FolderFor("zoo", scale, args, DateTimeOffset.Now);
var command = ExperimentReport.CommandFor("zoo", args);
var runs = chosen.Select(entry => Plan(entry))
    .Select((plan, i) => Experiment.Run(plan, mnist, scale, Console.Out, folder: Experiment.RunFolderFor(folder, $"{i + 1:D2}-{plan.Model.Name}"), command: command)).ToList();

var report = new ExperimentReport
{
    Name = "zoo",
    Title = "The model zoo on MNIST",
    Purpose = "Every zoo model trained with its own recipe and seed on the 60,000 training digits, then evaluated on the 10,000 test digits: " +
              "test accuracy after the last epoch, training time, evaluation time, parameters and FLOPs per digit (2 × multiply-adds).",
    Command = command,
    Settings = [new("models", string.Join(", ", chosen)), new("seed", $"{Seed}"), new("scale", scale.Describe())],
    Engine = engine,
    Sections = [new("Results", ExperimentTable.Of(runs))],
    Results = new System.Text.Json.Nodes.JsonArray([.. runs.Select(run => run.ToJson())]),
    Seconds = clock.Elapsed.TotalSeconds,
};
report.Publish(folder, Console.Out);

RunSpec Plan(string entry)
{
    var parts = entry.Split(':');
    var plan = RunSpec.Of(Zoo.Find(parts[0]), seed: Seed);
    return parts.Length == 1 ? plan : plan with { Recipe = plan.Recipe with { Epochs = int.Parse(parts[1], CultureInfo.InvariantCulture) } };
}
