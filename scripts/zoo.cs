#:project ../src/Mnist.Functional/Mnist.Functional.csproj
#:property TreatWarningsAsErrors=false
// Trains every zoo model with its own recipe on MNIST and prints a table of test accuracy,
// training time, parameters and FLOPs. Run: dotnet run scripts/zoo.cs
// Change a setting below and run again.

using System.Diagnostics;
using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Tensors;
using Mnist.Functional.Training;

// Zoo names, each optionally with its epochs ("keras-cnn:5"), or given as arguments; no epochs: the recipe's.
string[] Models = args.Length > 0 ? args : ["fast", "lenet5", "mlp", "keras-cnn", "pytorch-cnn"];
const long Seed = 1;
int? Threads = null;      // null: one per core
string OutputFolder = Path.Combine("runs", $"zoo-{DateTime.UtcNow:yyyyMMdd-HHmmss}");

var engine = Engine.Start(Threads);
Console.WriteLine(engine.Describe());
using var dataset = await Dataset.LoadAsync(DatasetCatalog.Mnist);

var rows = new List<string>();
foreach (var entry in Models)
{
    var name = entry.Split(':')[0];
    var model = Zoo.Find(name);
    var epochs = entry.Contains(':') ? int.Parse(entry.Split(':')[1], CultureInfo.InvariantCulture) : model.Recipe.Epochs;
    var pipeline = dataset.Train.Shuffle(Seed).Batch(model.Recipe.BatchSize).Select(dataset.Preprocessing);
    var setup = new TrainingSetup(model.Network, model.Recipe.OptimizerFor(pipeline.BatchesPerEpoch, epochs), epochs, Seed);
    var data = new TrainingData(pipeline, dataset.Preprocessing, dataset.Info.ClassNames, Test: dataset.Test);
    var summary = Summary.Of(model.Network, 1, 1, 28, 28);

    var clock = Stopwatch.StartNew();
    var result = Train.Fit(setup, data, [new EpochLine(name)]);
    var wall = clock.Elapsed.TotalSeconds;
    using (result.State)
    {
        var evaluation = Stopwatch.StartNew();
        var test = Evaluator.Predict(model.Network, result.State.Variables, dataset.Test.Images, dataset.Test.Labels, dataset.Info.ClassNames, 1000, dataset.Preprocessing);
        var evaluationSeconds = evaluation.Elapsed.TotalSeconds;
        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {summary.TotalParameters:N0} | {summary.TotalFlops / 1e6:F2} | {(model.Recipe with { Epochs = epochs }).Describe()} | {test.Accuracy:P2} | {result.State.History.TrainingSeconds:F1} | {evaluationSeconds:F2} | {wall:F1} |"));
    }
}

var table = string.Join(Environment.NewLine,
    ["| model | parameters | MFLOPs/sample | recipe | test accuracy | training s | evaluation s (10,000 images) | wall s (with per-epoch test) |",
     "|---|---:|---:|---|---:|---:|---:|---:|", .. rows]);
Directory.CreateDirectory(OutputFolder);
File.WriteAllText(Path.Combine(OutputFolder, "zoo.md"), $"{engine.Describe()}\n\n{table}\n");
Console.WriteLine();
Console.WriteLine(table);
Console.WriteLine($"\nwritten to {Path.Combine(OutputFolder, "zoo.md")}");

static class Memory
{
    public static double ResidentMiB() =>
        File.ReadLines("/proc/self/status").Where(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(line => double.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024).First();
}

sealed class EpochLine(string name) : ITrainingObserver
{
    public Verdict OnEpoch(EpochReport report)
    {
        var r = report.Record;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} epoch {r.Epoch}/{report.TotalEpochs}: train loss {r.TrainLoss:F4} acc {r.TrainAccuracy:P2}, test loss {r.TestLoss:F4} acc {r.TestAccuracy:P2}, {r.Seconds:F1} s, {r.SamplesPerSecond:F0} samples/s, RSS {Memory.ResidentMiB():F0} MiB"));
        return Verdict.Continue;
    }
}
