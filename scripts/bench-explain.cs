#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:project ../src/Mnist.Functional.Reports/Mnist.Functional.Reports.csproj
#:property Optimize=true
#:property PublishAot=false
// Attribution speed and memory on a trained run (docs/explain.md quotes it):
//  1. saliency of the predicted class for all 10,000 test digits, in calls of 1,000 digits, with the resident memory
//     after each call (it must stay flat) and the kernel's high-water mark;
//  2. integrated gradients (default settings: 50 steps) for 100 test digits;
//  3. what `mnist serve` adds for "where the model looked": the two gradient × input maps it draws (the answer and the
//     runner-up) for one digit, timed 50 times in this process (median and 95th percentile); the page's HTTP round
//     trip comes on top;
//  4. what a finished run's report adds: the integrated-gradients maps of the predicted and the true class for each of
//     the report's surest mistakes (16 by default: 32 maps in one call), timed 5 times (median and slowest).
// Run: dotnet run -c Release scripts/bench-explain.cs -- RUN     (RUN: a run folder of `mnist train`)
// Timings depend on the machine and its load; the memory figures should not.

using System.Diagnostics;
using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Explain;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using static System.FormattableString;
using static TorchSharp.torch;

const int SliceDigits = 1_000;
const int IntegratedGradientsDigits = 100;
const int ServeRepeats = 50;
const int ReportRepeats = 5;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run -c Release scripts/bench-explain.cs -- RUN   (RUN: a run folder of 'mnist train')");
    return 2;
}
var engine = Engine.Start(EngineOptions.ForTraining);
Console.WriteLine(engine.Describe());
using var trained = TrainedModel.Load(RunFolders.CheckpointOf(args[0]));
using var data = await DataSources.LoadAsync(trained.Dataset);
var logit = new ClassScore(trained.Model.Network, trained.Variables, Preprocess.Normalize(data.Stats));
var count = (int)data.Test.Count;
Console.WriteLine(Invariant($"{trained.Model.Name} on {count:N0} test digits; after loading: RSS {Memory.ResidentMiB():F0} MiB"));

// 1. Saliency for every test digit, a call per slice; the resident memory after each.
var saliency = new Saliency();
var clock = Stopwatch.StartNew();
for (var start = 0; start < count; start += SliceDigits)
{
    using var scope = NewDisposeScope();
    var (inputs, targets) = Digits(start, Math.Min(SliceDigits, count - start));
    var map = saliency.Attribute(logit, inputs, targets).Map;
    Console.WriteLine(Invariant($"saliency, digits {start + 1,6:N0} to {start + map.shape[0],6:N0}: RSS {Memory.ResidentMiB(),5:F0} MiB, peak {Memory.PeakMiB(),5:F0} MiB"));
}
Console.WriteLine(Invariant($"saliency for {count:N0} digits: {clock.Elapsed.TotalSeconds:F1} s ({count / clock.Elapsed.TotalSeconds:F0} digits/s)"));

// 2. Integrated gradients for 100 digits.
using (NewDisposeScope())
{
    var (inputs, targets) = Digits(0, IntegratedGradientsDigits);
    var method = new IntegratedGradients();
    clock.Restart();
    method.Attribute(logit, inputs, targets);
    Console.WriteLine(Invariant($"integrated gradients ({method.Settings().ToJsonString()}) for {IntegratedGradientsDigits} digits: {clock.Elapsed.TotalSeconds:F2} s; RSS {Memory.ResidentMiB():F0} MiB"));
}

// 3. The serve page's two maps for one digit.
using (NewDisposeScope())
{
    var (input, _) = Digits(0, 1);
    var pair = input.expand(2, -1, -1, -1);
    var top = Evaluator.Probabilities(trained.Model.Network, trained.Variables, input, trained.Dataset.ClassNames, preprocess: logit.Preprocess).Top(0, 2);
    var classes = tensor(new long[] { top[0].Class, top[1].Class });
    var method = new GradientTimesInput();
    var times = new List<double>();
    for (var i = 0; i <= ServeRepeats; i++)
    {
        using var repeat = NewDisposeScope();
        clock.Restart();
        method.Attribute(logit, pair, classes);
        if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds);   // the first call warms the kernels up
    }
    times.Sort();
    Console.WriteLine(Invariant($"serve's two {method.Name} maps for one digit, {ServeRepeats} times: median {times[times.Count / 2]:F2} ms, 95th percentile {times[(int)(0.95 * times.Count)]:F2} ms"));
}

// 4. The report's maps of its surest mistakes, on predictions over the whole test split as a run makes them.
{
    var predictions = Evaluator.Predict(trained.Model.Network, trained.Variables, data.Test.Images, data.Test.Labels, trained.Dataset.ClassNames, preprocess: trained.Preprocessing);
    var images = new DigitImages(data.Test.Images.contiguous().data<byte>().ToArray());
    var mistakes = predictions.MostConfidentlyWrong(RunPageContent.DefaultMistakeCount);
    var times = new List<double>();
    for (var i = 0; i <= ReportRepeats; i++)
    {
        clock.Restart();
        MistakeMaps.Of(trained.Spec, trained.Variables, images, mistakes);
        if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds);   // the first call warms the kernels up
    }
    times.Sort();
    Console.WriteLine(Invariant($"the report's maps for its {mistakes.Count} surest mistakes ({2 * mistakes.Count} integrated-gradients maps), {ReportRepeats} times: median {times[times.Count / 2]:F0} ms, slowest {times[^1]:F0} ms; RSS {Memory.ResidentMiB():F0} MiB"));
}
Console.WriteLine(Invariant($"end: RSS {Memory.ResidentMiB():F0} MiB, peak {Memory.PeakMiB():F0} MiB"));
return 0;

// Test digits [start, start + n) as raw pixels in [0, 1], [n, 1, 28, 28], and their labels.
(Tensor Inputs, Tensor Labels) Digits(int start, int n) =>
    (Preprocess.ToNchw(Preprocess.ToUnitRange(data.Test.Images.narrow(0, start, n))), data.Test.Labels.narrow(0, start, n).to(int64));

static class Memory
{
    public static double ResidentMiB() => Field("VmRSS:");
    public static double PeakMiB() => Field("VmHWM:");

    private static double Field(string name) =>
        File.ReadLines("/proc/self/status").Where(line => line.StartsWith(name, StringComparison.Ordinal))
            .Select(line => double.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024).First();
}
