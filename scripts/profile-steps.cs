#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// Training steps as the run pipeline takes them, with a line every EVERY steps: milliseconds a step over those
// steps, resident memory and its peak, garbage collections (young/full), managed bytes allocated so far, and the
// tensors alive. The OpenMP wait settings and glibc's malloc settings are compared by running it under each:
//
//   dotnet run -c Release scripts/profile-steps.cs -- [MODEL] [STEPS] [EVERY]     (pytorch-cnn 200 50 unless given)
//   OMP_WAIT_POLICY=PASSIVE dotnet run -c Release scripts/profile-steps.cs
//   GOMP_SPINCOUNT=30000 dotnet run -c Release scripts/profile-steps.cs
//   timeout 120 sh -c 'while :; do :; done' & dotnet run -c Release scripts/profile-steps.cs    (a busy machine)
using System.Diagnostics;
using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
const string Usage = "usage: dotnet run -c Release scripts/profile-steps.cs -- [MODEL] [STEPS] [EVERY]   (a zoo model, default pytorch-cnn; steps 1–100000, default 200; a line every 1–STEPS steps, default 50)";
ZooModel model;
int steps = 200, every = 50;
try
{
    model = Zoo.Find(args.Length > 0 ? args[0] : "pytorch-cnn");
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}{Environment.NewLine}{Usage}");
    return 1;
}
if (args.Length > 3 || (args.Length > 1 && (!int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out steps) || steps is < 1 or > 100_000))
    || (args.Length > 2 && (!int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out every) || every < 1 || every > steps)))
{
    Console.Error.WriteLine(Usage);
    return 1;
}

Console.WriteLine(Engine.Start(EngineOptions.ForTraining).Describe());
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
var spec = new RunSpec(model, mnist.Info, model.Recipe with { Epochs = 1 + steps / (int)(mnist.Train.Count / model.Recipe.BatchSize) }, Seed: 1) { TestEachEpoch = false };
using var run = Run.Execute(spec, mnist, new RunOptions { Observers = [new StepLines(steps, every)], KeepState = false });
return 0;

/// <summary>Prints a line every <paramref name="every"/> steps and stops the run after <paramref name="last"/>.</summary>
sealed class StepLines(int last, int every) : ITrainingObserver
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public Verdict OnStep(StepReport report)
    {
        if (report.Step % every == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"step {report.Step,6}: {clock.Elapsed.TotalMilliseconds / every,7:F1} ms/step  RSS {Status("VmRSS"),5:F0} MiB  peak {Status("VmHWM"),5:F0} MiB  " +
                $"GC {GC.CollectionCount(0)}/{GC.CollectionCount(2)}  managed {GC.GetTotalAllocatedBytes() / 1e6,6:F1} MB  tensors {TorchSharp.torch.Tensor.TotalCount}"));
            clock.Restart();
        }
        return report.Step >= last ? Verdict.Stop("the steps are done") : Verdict.Continue;
    }

    private static double Status(string field) =>
        double.Parse(File.ReadLines("/proc/self/status").First(line => line.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
}
