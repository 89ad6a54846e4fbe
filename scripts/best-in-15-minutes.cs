#:project ../src/Mnist.Functional.Reports/Mnist.Functional.Reports.csproj
#:property PublishAot=false
// (PublishAot=false keeps the library's reflection-based JSON working: file-based apps turn it off by default.)
// The best single-model MNIST test accuracy reachable without augmentation in 15 minutes of training on this
// machine (goal: 99.60% or more). It times a few steps of the model first, plans as many epochs as fit in the
// budget (the one-cycle schedule is fitted to them), trains on all 60,000 digits, stops early if an epoch would
// overrun the budget, and reports the test accuracy after the LAST epoch (no epoch is picked by test accuracy).
// Writes runs/best-in-15-minutes-<time>/: report.md, results.json, metrics.json, history.csv, report.html and
// checkpoint/ (so `mnist evaluate --checkpoint .../checkpoint` works).
//
//   dotnet run -c Release scripts/best-in-15-minutes.cs             # the settings below
//   dotnet run -c Release scripts/best-in-15-minutes.cs -- --quick  # a few thousand digits, one epoch: checks the script, measures nothing
using System.Diagnostics;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;

const string ModelName = "best";         // a zoo model; its recipe gives optimizer, schedule, learning rate, batch size
const double BudgetSeconds = 15 * 60;    // training time (evaluation after each epoch does not count)
const double PlanFraction = 0.92;        // plan epochs to fill this share of the budget, leaving room for noise
const int MaxEpochs = 40;
const int ProbeBatches = 40;             // the timing probe: two epochs of this many batches; the second is timed
const long Seed = 1;
const double Goal = 0.996;

var scale = args.Contains("--quick") ? ExperimentScale.Quick : ExperimentScale.Full;
var clock = Stopwatch.StartNew();
var engine = Engine.Start(EngineOptions.ForTraining);
Console.WriteLine(engine.Describe());
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
var model = Zoo.Find(ModelName);
var folder = scale.FolderFor("best-in-15-minutes", DateTimeOffset.Now);

// Probe: how long does an epoch of the whole training split take here and now?
var probeScale = new ExperimentScale(TrainItems: ProbeBatches * model.Recipe.BatchSize, TestItems: model.Recipe.BatchSize, MaxEpochs: 2);
var probe = Experiment.Run(RunSpec.Of(model, seed: Seed) with { Recipe = model.Recipe with { Epochs = 2 }, TestEachEpoch = false }, mnist, probeScale, TextWriter.Null);
var epochSeconds = mnist.Train.Count / probe.History.Epochs[^1].SamplesPerSecond;
var epochs = Math.Clamp((int)(BudgetSeconds * PlanFraction / epochSeconds), 1, MaxEpochs);
Console.WriteLine($"probe: {ReportFormat.Fixed(epochSeconds, 1)} s per epoch of {ReportFormat.Count(mnist.Train.Count)} digits, so {epochs} epochs are planned in {ReportFormat.Duration(BudgetSeconds)}");

var spec = RunSpec.Of(model, seed: Seed) with { Recipe = model.Recipe with { Epochs = epochs }, TimeBudgetSeconds = BudgetSeconds, Folder = folder };
var run = Experiment.Run(spec, mnist, scale, Console.Out, report: new HtmlRunReport());   // the library writes the run's folder, as for `mnist train`
var last = run.History.Last!;
var met = run.Test!.Accuracy >= Goal && run.Timings.TrainingSeconds <= BudgetSeconds;

var report = new ExperimentReport
{
    Name = "best-in-15-minutes",
    Title = $"Best MNIST accuracy in {ReportFormat.Duration(BudgetSeconds)} of training, without augmentation",
    Purpose = $"{model.Name} ({model.Description}) trained on all 60,000 training digits, no augmentation, for as many epochs as a timing probe says fit in the budget; " +
              "test accuracy on the 10,000 test digits after the last epoch. The test split is evaluated after every epoch for the curves only: no epoch is chosen by it.",
    Command = ExperimentReport.CommandFor("best-in-15-minutes", args),
    Settings =
    [
        new("model", model.Name), new("recipe", run.Spec.Recipe.Describe()), new("seed", $"{Seed}"),
        new("budget", $"{ReportFormat.Duration(BudgetSeconds)} of training, epochs planned to fill {ReportFormat.Percent(PlanFraction, 0)} of it"),
        new("probe", $"{ReportFormat.Fixed(epochSeconds, 1)} s per epoch, so {epochs} epochs"), new("scale", scale.Describe()),
    ],
    Engine = engine,
    Sections =
    [
        new("Result", MarkdownTable.Render(
            ["goal", "test accuracy (last epoch)", "test errors", "training time", "epochs", "met"],
            [[$"≥ {ReportFormat.Percent(Goal)} in ≤ {ReportFormat.Duration(BudgetSeconds)}", ReportFormat.Percent(run.Test!.Accuracy), ReportFormat.Count(run.Test!.Errors),
              ReportFormat.Duration(run.Timings.TrainingSeconds), $"{run.History.Epochs.Count} of {run.Spec.Recipe.Epochs}", met ? "yes" : "no"]])
            + $"\n{run.Stop.Message} The best test accuracy of any epoch was {ReportFormat.Percent(run.BestTestEpoch?.TestAccuracy ?? 0)} (epoch {run.BestTestEpoch?.Epoch}); " +
              "picking that epoch would be selection on the test set, so the last epoch's figure is the result."),
        new("Epochs", MarkdownTable.Render(
            ["epoch", "train loss", "train accuracy", "test loss", "test accuracy", "learning rate", "seconds"],
            run.History.Epochs.Select(e => (IReadOnlyList<string>)
                [$"{e.Epoch}", ReportFormat.Fixed(e.TrainLoss, 4), ReportFormat.Percent(e.TrainAccuracy), ReportFormat.Fixed(e.TestLoss ?? double.NaN, 4),
                 ReportFormat.Percent(e.TestAccuracy ?? double.NaN), e.LearningRate.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), ReportFormat.Fixed(e.Seconds, 1)]),
            numericColumns: new HashSet<int> { 0, 1, 2, 3, 4, 5, 6 })),
        new("Model", $"```\n{run.Summary}\n```"),
    ],
    Results = run.ToJson(),
    Seconds = clock.Elapsed.TotalSeconds,
};

report.Publish(folder, Console.Out);
