#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// Which network and recipe reach 99.0% test accuracy with the least training work: each candidate below (a network, a
// recipe, and how much of the first epoch it trains) is trained once per seed on the 60,000 MNIST training digits, as
// the run pipeline trains them, and evaluated once on the 10,000 test digits. Prints, per candidate, the training FLOPs per
// epoch-equivalent (3 × the forward pass's multiply-adds × 2, times the share of the epoch trained), each seed's test
// accuracy, their mean ± sample sd and minimum, and the training seconds (compare those only within one run: the
// accuracy is deterministic, the time depends on what else the machine does).
//
//   dotnet run -c Release scripts/recipe-search.cs -- [--seeds 1-5] [NAME ...]     (no names: every candidate)
//
// Pin libtorch to AVX2 to judge a recipe for the AVX2 machines, whose kernels round differently:
//   ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 dotnet run -c Release scripts/recipe-search.cs -- speedrun
using System.Diagnostics;
using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Training;
using static Mnist.Functional.Layers.Nn;

CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

// The candidates: change one and run again. Each is a network, a recipe (one epoch; the schedule fitted to the steps
// trained) and the share of the epoch's batches it trains. TwoConv(c1, k1, c2, k2, hidden) is `fast`'s family: two
// convolutions without bias, each with batch norm, ReLU and a 2×2 max-pool (pooled first with poolFirst), fc hidden
// with batch norm, fc 10; fast is TwoConv(16, 5, 32, 5, 64) and speedrun TwoConv(8, 5, 32, 3, 128, poolFirst: true).
var sgd = Zoo.Fast.Recipe;                                                              // SGD Nesterov lr 0.2 one-cycle, wd 5e-4, smoothing 0.1, batch 128
var adam = Zoo.Speedrun.Recipe with { LearningRate = 0.01, BatchSize = 128 };          // Adam lr 0.01 β 0.7/0.9 one-cycle, smoothing 0.1, batch 128
Candidate[] candidates =
[
    new("fast", Zoo.Fast.Network, sgd),
    new("fast-half", Zoo.Fast.Network, sgd, EpochShare: 0.5),
    new("fast-b256", Zoo.Fast.Network, sgd with { BatchSize = 256, LearningRate = 0.4 }),
    new("fast-pool-first", TwoConv(16, 5, 32, 5, 64, poolFirst: true), sgd),
    new("fast-adam", Zoo.Fast.Network, adam),
    new("fast-adam-60", Zoo.Fast.Network, adam, EpochShare: 0.6),
    new("c8-16", TwoConv(8, 5, 16, 5, 64), sgd),
    new("c8-32", TwoConv(8, 5, 32, 5, 64), sgd),
    new("c16-16", TwoConv(16, 5, 16, 5, 64), sgd),
    new("c16-32k3", TwoConv(16, 5, 32, 3, 64), sgd),
    new("c16-32k3-adam", TwoConv(16, 5, 32, 3, 64), adam),
    new("c16-32k3-adam-75", TwoConv(16, 5, 32, 3, 64), adam, EpochShare: 0.75),
    new("c16-32k3-adam-b256", TwoConv(16, 5, 32, 3, 64), adam with { BatchSize = 256 }),
    new("c8-32k3-adam", TwoConv(8, 5, 32, 3, 64), adam),
    new("c8-32k3-adam-pf", TwoConv(8, 5, 32, 3, 64, poolFirst: true), adam),
    new("c8-32k3-adam-pf-ls0", TwoConv(8, 5, 32, 3, 64, poolFirst: true), adam with { LabelSmoothing = 0 }),
    new("c12-24", TwoConv(12, 5, 24, 5, 64), sgd),   // stops with a NaN loss at a different step in each process: see docs/speed.md
    new("speedrun-default-betas", Zoo.Speedrun.Network, adam with { Beta1 = null, Beta2 = null }),
    new("speedrun-b128", Zoo.Speedrun.Network, adam),
    new("speedrun-b256", Zoo.Speedrun.Network, adam with { BatchSize = 256 }),
    new("speedrun-b256-lr015", Zoo.Speedrun.Network, adam with { BatchSize = 256, LearningRate = 0.015 }),
    new("speedrun-b256-lr02", Zoo.Speedrun.Network, adam with { BatchSize = 256, LearningRate = 0.02 }),
    new("speedrun-b512-lr02", Zoo.Speedrun.Network, adam with { BatchSize = 512, LearningRate = 0.02 }),
    new("speedrun-b1024-lr04", Zoo.Speedrun.Network, adam with { BatchSize = 1024, LearningRate = 0.04 }),
    new("speedrun", Zoo.Speedrun.Network, Zoo.Speedrun.Recipe),                           // batch 512, lr 0.03
];

static Layer TwoConv(int c1, int k1, int c2, int k2, int hidden, bool poolFirst = false)
{
    var side = ((28 - k1 + 1) / 2 - k2 + 1) / 2;
    Layer[] Block(Layer conv, int channels) => poolFirst
        ? [conv, MaxPool2d(2), BatchNorm2d(channels), Relu]
        : [conv, BatchNorm2d(channels), Relu, MaxPool2d(2)];
    return Sequential([
        .. Block(Conv2d(1, c1, k1, bias: false), c1),
        .. Block(Conv2d(c1, c2, k2, bias: false), c2),
        Flatten(), Linear(c2 * side * side, hidden, bias: false), BatchNorm1d(hidden), Relu, Linear(hidden, 10)]);
}

var seeds = new List<long> { 1, 2, 3, 4, 5 };
var names = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--seeds" && i + 1 < args.Length)
    {
        var range = args[++i].Split('-');
        seeds = [.. Enumerable.Range(int.Parse(range[0]), int.Parse(range[^1]) - int.Parse(range[0]) + 1).Select(seed => (long)seed)];
    }
    else names.Add(args[i]);
}
var chosen = names.Count == 0 ? candidates : names.Select(name => candidates.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"no candidate '{name}': {string.Join(", ", candidates.Select(c => c.Name))}")).ToArray();

var engine = Engine.Start(EngineOptions.ForTraining);
Console.WriteLine($"{engine.Describe()}; ATEN_CPU_CAPABILITY={Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY") ?? "(unset)"}, DNNL_MAX_CPU_ISA={Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA") ?? "(unset)"}");
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
var preprocess = Preprocess.Standard(mnist.Stats);

foreach (var candidate in chosen)
{
    var forwardFlops = candidate.Network.Summarize(1, 1, 28, 28).TotalFlops;
    var recipe = candidate.Recipe;
    var pipeline = Train.BatchesFor(candidate.Network, mnist.Train.Shuffle(0).Batch(recipe.BatchSize).Select(preprocess));
    var steps = (long)Math.Ceiling(pipeline.BatchesPerEpoch * candidate.EpochShare);
    var runs = seeds.Select(seed =>
    {
        var setup = new TrainingSetup(candidate.Network, recipe.OptimizerFor(steps, 1), 1, seed, recipe.Loss);
        var clock = Stopwatch.StartNew();
        var fit = Train.Fit(setup, pipeline with { Seed = seed }, observers: [new StopAfter(steps)]);
        var seconds = clock.Elapsed.TotalSeconds;
        using var state = fit.State;
        var accuracy = Evaluator.Predict(candidate.Network, state.Variables, mnist.Test.Images, mnist.Test.Labels, mnist.Info.ClassNames, preprocess: preprocess).Accuracy;
        var stopped = fit.Stop.Reason == StopReason.StoppedByObserver ? "" : $" (stopped early: {fit.Stop.Message})";
        Console.WriteLine($"  {candidate.Name} seed {seed}: {accuracy:0.00%} in {seconds:F1} s{stopped}");
        return (Accuracy: accuracy, Seconds: seconds);
    }).ToList();
    var accuracies = Spread.Of(runs.Select(run => run.Accuracy));
    Console.WriteLine($"{candidate.Name,-16} {forwardFlops / 1e6,5:F2} MFLOP/digit fwd, {3.0 * forwardFlops * candidate.EpochShare * 60_000 / 1e12,5:F3} TFLOP trained, " +
                      $"batch {recipe.BatchSize}, {steps} steps: {string.Join(" ", runs.Select(run => $"{run.Accuracy:0.00%}"))} " +
                      $"mean {accuracies.Mean:0.000%} ± {accuracies.StandardDeviation * 100:F3} min {accuracies.Min:0.00%}; training {runs.Average(run => run.Seconds):F1} s on average");
}

/// <summary>A network, the recipe it trains one epoch with, and the share of that epoch's batches it takes (the schedule fitted to them).</summary>
sealed record Candidate(string Name, Layer Network, Recipe Recipe, double EpochShare = 1.0);

/// <summary>Stops the run after a number of steps.</summary>
sealed class StopAfter(long steps) : ITrainingObserver
{
    public Verdict OnStep(StepReport report) => report.Step >= steps ? Verdict.Stop("the planned steps are done") : Verdict.Continue;
}
