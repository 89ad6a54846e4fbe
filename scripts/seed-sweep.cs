#:project ../src/Mnist.Functional.Reports/Mnist.Functional.Reports.csproj
#:property PublishAot=false
// (PublishAot=false keeps the library's reflection-based JSON working: file-based apps turn it off by default.)
// How much the default model's test accuracy depends on the seed: Zoo.Default trained with its recipe once per
// seed; mean ± sample standard deviation, minimum and maximum. Writes runs/seed-sweep-<time>/report.md and results.json,
// and each run's folder beside them (seed-1/, …; 'mnist runs runs/seed-sweep-<time>' lists them).
//
//   dotnet run -c Release scripts/seed-sweep.cs             # the settings below
//   dotnet run -c Release scripts/seed-sweep.cs -- --quick  # a few thousand digits, one epoch: checks the script, measures nothing
//   dotnet run -c Release scripts/seed-sweep.cs -- --out DIR # the report and the runs in DIR
using System.Diagnostics;
using System.Text.Json.Nodes;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;

long[] Seeds = [1, 2, 3, 4, 5];

var scale = args.Contains("--quick") ? ExperimentScale.Quick : ExperimentScale.Full;
var clock = Stopwatch.StartNew();
var engine = Engine.Start(EngineOptions.ForTraining);
Console.WriteLine(engine.Describe());
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
var model = Zoo.Default;
var folder = Experiment.FolderFor("seed-sweep", scale, args, DateTimeOffset.Now);
var command = ExperimentReport.CommandFor("seed-sweep", args);

var runs = Seeds.Select(seed => Experiment.Run(RunSpec.Of(model, seed: seed), mnist, scale, Console.Out, folder: Experiment.RunFolderFor(folder, $"seed-{seed}"), command: command)).ToList();
var accuracy = Spread.Of(runs.Select(run => run.Test!.Accuracy));
var training = Spread.Of(runs.Select(run => run.Timings.TrainingSeconds));

var report = new ExperimentReport
{
    Name = "seed-sweep",
    Title = $"Seed sweep of {model.Name} on MNIST",
    Purpose = $"The default model, {model.Name}, trained with its recipe ({scale.Apply(model.Recipe).Describe()}) once per seed; the seed sets the initial " +
              "parameters and the shuffling. Test accuracy after the last epoch on the 10,000 test digits, with its mean ± sample standard deviation over the seeds.",
    Command = command,
    Settings = [new("model", model.Name), new("seeds", string.Join(", ", Seeds)), new("scale", scale.Describe())],
    Engine = engine,
    Sections =
    [
        new("Summary", MarkdownTable.Render(
            ["", "mean ± std", "min", "max", "n"],
            [
                ["test accuracy", $"{ReportFormat.Percent(accuracy.Mean)} ± {ReportFormat.Percent(accuracy.StandardDeviation)}", ReportFormat.Percent(accuracy.Min), ReportFormat.Percent(accuracy.Max), $"{accuracy.Count}"],
                ["training time", $"{ReportFormat.Fixed(training.Mean, 1)} s ± {ReportFormat.Fixed(training.StandardDeviation, 1)} s", ReportFormat.Duration(training.Min), ReportFormat.Duration(training.Max), $"{training.Count}"],
            ],
            numericColumns: new HashSet<int> { 1, 2, 3, 4 })),
        new("Runs", ExperimentTable.Of(runs)),
    ],
    Results = new JsonObject
    {
        ["test_accuracy"] = new JsonObject { ["mean"] = accuracy.Mean, ["std"] = accuracy.StandardDeviation, ["min"] = accuracy.Min, ["max"] = accuracy.Max, ["n"] = accuracy.Count },
        ["runs"] = new JsonArray([.. runs.Select(run => run.ToJson())]),
    },
    Seconds = clock.Elapsed.TotalSeconds,
};
report.Publish(folder, Console.Out);
