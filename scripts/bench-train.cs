#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property TreatWarningsAsErrors=false
#:property Optimize=true
// Training memory and evaluation speed: resident memory at the end of each epoch and at its peak
// while training pytorch-cnn with its recipe, and the time to evaluate the 10,000 test digits with
// a trained `fast`. Run: dotnet run -c Release scripts/bench-train.cs [EPOCHS]   (EPOCHS of pytorch-cnn; 3 unless given)
// Change a setting below and run again.

using System.Diagnostics;
using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;

const string MemoryModel = "pytorch-cnn";
const int MemoryEpochs = 3;
const int MemoryEverySteps = 100;                 // a line with the resident memory every this many steps
const string EvaluationModel = "fast";
const int EvaluationRepeats = 5;
var evaluationBatchSize = Evaluator.DefaultBatchSize;   // 250
const long Seed = 1;

var epochs = MemoryEpochs;
if (args.Length > 1 || (args.Length == 1 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out epochs) || epochs is < 1 or > 100)))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release scripts/bench-train.cs [EPOCHS]   (EPOCHS: a whole number from 1 to 100 of pytorch-cnn epochs, {MemoryEpochs} when left out; got '{string.Join(' ', args)}')");
    return 1;
}

var engine = Engine.Start(EngineOptions.ForTraining);
Console.WriteLine(engine.Describe());
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
Console.WriteLine($"after loading MNIST: RSS {Memory.ResidentMiB():F0} MiB");

// Memory: RSS at each epoch's end must stay flat; the peak is the kernel's high-water mark.
{
    var model = Zoo.Find(MemoryModel);
    var spec = RunSpec.Of(model, seed: Seed) with { Recipe = model.Recipe with { Epochs = epochs } };
    using var result = Run.Execute(spec, mnist, new RunOptions { Observers = [new MemoryLine(MemoryEverySteps)] });
    Console.WriteLine($"{MemoryModel}: peak RSS {Memory.PeakMiB():F0} MiB over {epochs} epoch(s); test accuracy {result.History.Last!.TestAccuracy:P2}");
}

// Evaluation speed: a trained `fast` (its recipe) over the whole test split, best and median of several runs.
{
    var model = Zoo.Find(EvaluationModel);
    using var run = Run.Execute(RunSpec.Of(model, seed: Seed) with { TestEachEpoch = false }, mnist);
    var trained = run.State!;
    var seconds = new List<double>();
    Predictions? predictions = null;
    for (var i = 0; i < EvaluationRepeats; i++)
    {
        var clock = Stopwatch.StartNew();
        predictions = Evaluator.Predict(model.Network, trained.Variables, mnist.Test.Images, mnist.Test.Labels, mnist.Info.ClassNames, evaluationBatchSize, mnist.Preprocessing);
        seconds.Add(clock.Elapsed.TotalSeconds);
    }
    seconds.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{EvaluationModel}: evaluating {predictions!.Count:N0} test digits took {seconds[0]:F3} s best, {seconds[seconds.Count / 2]:F3} s median (accuracy {predictions.Accuracy:P2})"));
}
return 0;

sealed class MemoryLine(int everySteps) : ITrainingObserver
{
    public Verdict OnStep(StepReport report)
    {
        if (report.Step % everySteps == 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step {report.Step}: RSS {Memory.ResidentMiB():F0} MiB, peak {Memory.PeakMiB():F0} MiB"));
        return Verdict.Continue;
    }

    public Verdict OnEpoch(EpochReport report)
    {
        var r = report.Record;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}: RSS {Memory.ResidentMiB():F0} MiB, peak {Memory.PeakMiB():F0} MiB; {r.Seconds:F1} s, {r.SamplesPerSecond:F0} samples/s, test accuracy {r.TestAccuracy:P2}"));
        return Verdict.Continue;
    }
}

static class Memory
{
    public static double ResidentMiB() => Field("VmRSS:");
    public static double PeakMiB() => Field("VmHWM:");

    private static double Field(string name) =>
        File.ReadLines("/proc/self/status").Where(line => line.StartsWith(name, StringComparison.Ordinal))
            .Select(line => double.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024).First();
}
