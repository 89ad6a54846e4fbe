#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// The benchmark of issue #7: the same networks, batch sizes, thread count and MNIST data, trained and
// evaluated by three contenders, each in a process of its own, in turns, round after round, so that a burst
// of load from elsewhere on the machine lands on all of them alike:
//
//   (a) functional   Mnist.Functional (scripts/bench-worker.cs functional)
//   (b) imperative   the same networks as TorchSharp nn.Modules with torch.optim (scripts/bench-worker.cs imperative)
//   (c) pytorch      the same in Python, with Debian's python3-torch (scripts/peers/pytorch_mnist.py);
//                    left out, with a note, where that package is not installed
//
// Figures (issues #7 and #15): the machine's instruction set and measured peak (float32 matrix products on one
// thread and on all); training and inference samples/s, GFLOP/s and share of the peak, and peak RSS for PyTorch's
// examples/mnist CNN (pytorch-cnn, Adadelta, batch 64), (a) also with OMP_WAIT_POLICY=PASSIVE; wall time to 99.0%
// test accuracy for the zoo's `fast` network and recipe, training plus the end-of-epoch evaluations up to the first
// that shows it, for seeds 1 to 5, with each seed's accuracy. Medians over the rounds and seeds; ratios of (a) to
// (b) and (c); markdown tables and the raw results in runs/bench-<timestamp>/.
//
// Run from the repository root:
//   dotnet run -c Release scripts/bench.cs             # the full benchmark: 3 rounds of a few minutes each
//   dotnet run -c Release scripts/bench.cs -- --quick  # a smoke run: few steps, a small training subset
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Models;

CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");

// Settings: change one and run again.
var rounds = quick ? 1 : 3;
var threads = Environment.ProcessorCount;          // intra-op threads for every contender
var throughputBatchSize = Zoo.PyTorchCnn.Recipe.BatchSize;   // 64, as examples/mnist
var warmUpSteps = quick ? 3 : 20;                   // untimed training steps first
var timedSteps = quick ? 10 : 300;                  // then these are timed (one epoch has 937 full batches of 64)
var evaluationBatchSize = Evaluator.DefaultBatchSize;   // 250: images per forward pass when evaluating
var inferencePasses = quick ? 1 : 3;                // timed passes over the 10,000 test images (after one warm-up pass)
const double TargetAccuracy = 0.99;
var fastRecipe = Zoo.Fast.Recipe with { Epochs = quick ? 1 : Zoo.Fast.Recipe.Epochs };   // SGD lr 0.2 one-cycle, label smoothing 0.1, batch 128, 1 epoch
var trainLimit = quick ? 2_560 : 0;                 // time-to-99 trains on the first N images only; 0: all 60,000
var testLimit = quick ? 1_000 : 0;                  // evaluate the first N test images only; 0: all 10,000
const long Seed = 1;                                // throughput runs
var targetSeeds = quick ? 1 : 5;                    // time-to-99 runs once per seed (1, 2, ...) for every contender
string? ompWaitPolicyForAll = null;                 // null: each contender's own (ours a short spin, the others libgomp's); or "PASSIVE" / "ACTIVE" for all
var alternativePolicyForOurs = "PASSIVE";           // (a) once more, throughput only, with this OMP_WAIT_POLICY: the busy-machine setting
const string Python = "/usr/bin/python3";           // Debian's interpreter, the one python3-torch is installed for
var outputFolder = Path.Combine("runs", $"bench-{DateTime.Now:yyyyMMdd-HHmmss}{(quick ? "-quick" : "")}");

if (!File.Exists("scripts/bench-worker.cs"))
{
    Console.Error.WriteLine("error: run this from the repository root: dotnet run -c Release scripts/bench.cs");
    return 1;
}

var files = await DataSources.ObtainAsync(DatasetCatalog.Mnist);
var dataFolder = Path.GetDirectoryName(files.PathOf(SplitKind.Train, IdxKind.Images))!;
var loadAtStart = Report.LoadAverage();

Console.WriteLine("building the worker (scripts/bench-worker.cs) ...");
Worker.Build("scripts/bench-worker.cs");
var python = Worker.Probe(Python, "scripts/peers/pytorch_mnist.py");
Console.WriteLine(python.Available
    ? $"PyTorch peer: {python.Description}"
    : $"note: {python.Description}; reporting (a) and (b) only. Install it with 'sudo apt-get install python3-torch'.");

string[] throughputArguments =
[
    "--threads", $"{threads}", "--batch-size", $"{throughputBatchSize}", "--warm-up-steps", $"{warmUpSteps}", "--steps", $"{timedSteps}",
    "--evaluation-batch-size", $"{evaluationBatchSize}", "--inference-passes", $"{inferencePasses}", "--test-limit", $"{testLimit}", "--seed", $"{Seed}",
];
string[] TargetArguments(long seed) =>
[
    "--threads", $"{threads}", "--batch-size", $"{fastRecipe.BatchSize}", "--epochs", $"{fastRecipe.Epochs}", "--train-limit", $"{trainLimit}",
    "--learning-rate", $"{fastRecipe.LearningRate}", "--weight-decay", $"{fastRecipe.WeightDecay}", "--label-smoothing", $"{fastRecipe.LabelSmoothing}", "--target", $"{TargetAccuracy}",
    "--evaluation-batch-size", $"{evaluationBatchSize}", "--test-limit", $"{testLimit}", "--seed", $"{seed}",
];
string[] Arguments(string phase, long seed) => phase == "throughput" ? throughputArguments : TargetArguments(seed);

// The machine's measured limit first: float32 matrix products on one core and on all threads.
var peak = Worker.Run("dotnet", ["run", "-c", "Release", "scripts/bench-worker.cs", "--", "functional", "peak", "--threads", $"{threads}", "--size", quick ? "512" : "1024"], ompWaitPolicyForAll);
Console.WriteLine($"peak: {Report.PeakLine(peak)}");

List<Contender> contenders =
[
    new("functional", "(a) Mnist.Functional", (phase, seed) => Worker.DotnetRun("scripts/bench-worker.cs", ["functional", phase, .. Arguments(phase, seed)])),
    new("imperative", "(b) imperative TorchSharp", (phase, seed) => Worker.DotnetRun("scripts/bench-worker.cs", ["imperative", phase, .. Arguments(phase, seed)])),
];
if (python.Available)
    contenders.Add(new("pytorch", "(c) PyTorch", (phase, seed) => (Python, ["scripts/peers/pytorch_mnist.py", phase, "--data", dataFolder, .. Arguments(phase, seed)])));
var ours = new Contender("functional-alternative", $"(a) with OMP_WAIT_POLICY={alternativePolicyForOurs}", contenders[0].Command)
{
    WaitPolicy = alternativePolicyForOurs,
    ThroughputOnly = true,
};
if (ompWaitPolicyForAll is null) contenders.Add(ours);

// Round after round, each contender in turn, the order rotating so that none always goes first: throughput
// with one seed, then the time to the target once per seed.
var results = new List<JsonObject>();
void Measure(string phase, int round, long seed, string progress)
{
    var turn = contenders.Where(contender => phase == "throughput" || !contender.ThroughputOnly).ToList();
    foreach (var contender in turn.Skip(round % turn.Count).Concat(turn.Take(round % turn.Count)))
    {
        var (file, arguments) = contender.Command(phase, seed);
        var clock = Stopwatch.StartNew();
        var result = Worker.Run(file, arguments, ompWaitPolicyForAll ?? contender.WaitPolicy);
        result["contender"] = contender.Name;
        results.Add(result);
        Console.WriteLine($"{progress} {phase,-10} {contender.Title,-40} {Report.OneLine(result)}  ({clock.Elapsed.TotalSeconds:F0} s)");
    }
}
for (var round = 0; round < rounds; round++)
    Measure("throughput", round, Seed, $"round {round + 1}/{rounds}");
for (var seed = 1; seed <= targetSeeds; seed++)
    Measure("time-to-99", seed - 1, seed, $"seed {seed}/{targetSeeds}");

var flops = new TrainingFlops(
    PyTorchCnn: 3.0 * Zoo.PyTorchCnn.Network.Summarize(1, 1, 28, 28).TotalFlops,
    Fast: 3.0 * Zoo.Fast.Network.Summarize(1, 1, 28, 28).TotalFlops);
var report = new Report(contenders, results, peak, flops) { Quick = quick };
var header = new StringBuilder()
    .AppendLine($"Benchmark of {DateTime.Now:yyyy-MM-dd HH:mm}, `dotnet run -c Release scripts/bench.cs{(quick ? " -- --quick" : "")}`")
    .AppendLine()
    .AppendLine($"- machine: {Report.CpuModel()}, {Environment.ProcessorCount} logical cores; instruction set {peak["cpu_capability"]}{(((string)peak["cpu_capability"]!).Contains("BF16") ? "" : " (no AVX512_BF16)")}; load average at start {loadAtStart}, at end {Report.LoadAverage()} (1, 5, 15 minutes)")
    .AppendLine($"- peak: {Report.PeakLine(peak)}; a training sample is counted as 3× the forward pass's multiply-adds ×2 (forward, input gradient, weight gradient): pytorch-cnn {flops.PyTorchCnn / 1e6:F1} MFLOP, fast {flops.Fast / 1e6:F1} MFLOP")
    .AppendLine($"- settings: {threads} threads each; throughput: medians of {rounds} round(s); time to {TargetAccuracy:0.0%}: {targetSeeds} seed(s) (1–{targetSeeds}) per contender; contenders in turn, each in its own process")
    .AppendLine($"- throughput: pytorch-cnn, batch {throughputBatchSize}, {warmUpSteps} warm-up + {timedSteps} timed steps; inference: {inferencePasses} timed pass(es) over the {(testLimit > 0 ? $"first {testLimit:N0}" : "10,000")} test images in batches of {evaluationBatchSize} after a warm-up pass; peak RSS (VmHWM) of that whole process")
    .AppendLine($"- time to {TargetAccuracy:0.0%}: fast, {fastRecipe.Describe()}{(trainLimit > 0 ? $", first {trainLimit:N0} training images only" : "")}; test evaluation (batches of {evaluationBatchSize}) after each epoch; wall time of training plus evaluations up to the first epoch at or above the target")
    .AppendLine($"- OpenMP wait policy: {(ompWaitPolicyForAll is null ? $"each contender's own, and (a) once more with OMP_WAIT_POLICY={alternativePolicyForOurs}" : $"{ompWaitPolicyForAll} for all")}; the contenders ran on")
    .Append(report.Engines())
    .Append(report.SamePolicyNote())
    .Append(python.Available ? "" : $"- (c) PyTorch left out: {python.Description}{Environment.NewLine}")
    .Append(quick ? $"- a quick smoke run (--quick): too few steps and images to compare with the goals{Environment.NewLine}" : "")
    .ToString();
var markdown = header + Environment.NewLine + report.Table(TargetAccuracy) + Environment.NewLine + Environment.NewLine + report.SeedTable(TargetAccuracy) + Environment.NewLine;

Directory.CreateDirectory(outputFolder);
File.WriteAllText(Path.Combine(outputFolder, "bench.md"), markdown);
var json = new JsonObject
{
    ["quick"] = quick,
    ["rounds"] = rounds,
    ["target_seeds"] = targetSeeds,
    ["peak"] = peak.DeepClone(),
    ["training_flops_per_sample"] = new JsonObject { ["pytorch_cnn"] = flops.PyTorchCnn, ["fast"] = flops.Fast },
    ["threads"] = threads,
    ["throughput_batch_size"] = throughputBatchSize,
    ["warm_up_steps"] = warmUpSteps,
    ["timed_steps"] = timedSteps,
    ["evaluation_batch_size"] = evaluationBatchSize,
    ["inference_passes"] = inferencePasses,
    ["target_accuracy"] = TargetAccuracy,
    ["fast_recipe"] = fastRecipe.Describe(),
    ["train_limit"] = trainLimit,
    ["test_limit"] = testLimit,
    ["omp_wait_policy_for_all"] = ompWaitPolicyForAll,
    ["load_average_start"] = loadAtStart,
    ["load_average_end"] = Report.LoadAverage(),
    ["python"] = python.Description,
    ["medians"] = report.Medians(),
    ["results"] = new JsonArray([.. results.Select(result => result.DeepClone())]),
};
File.WriteAllText(Path.Combine(outputFolder, "bench.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"written to {Path.Combine(outputFolder, "bench.md")} and bench.json");
return 0;

/// <summary>One contender: its name in the results, its title in the table, and the command that runs a phase with a seed.</summary>
sealed record Contender(string Name, string Title, Func<string, long, (string File, IReadOnlyList<string> Arguments)> Command)
{
    /// <summary>The OMP_WAIT_POLICY its processes get; <see langword="null"/>: its own default.</summary>
    public string? WaitPolicy { get; init; }

    /// <summary>Whether it runs the throughput phase only.</summary>
    public bool ThroughputOnly { get; init; }
}

/// <summary>Floating-point operations of one training sample (forward and backward) of each benchmarked network.</summary>
sealed record TrainingFlops(double PyTorchCnn, double Fast);

/// <summary>What the PyTorch peer's probe found: whether it runs, and its version and BLAS library, or why not.</summary>
sealed record PythonPeer(bool Available, string Description);

/// <summary>Starts worker processes and reads the one JSON line each prints last.</summary>
static class Worker
{
    public static (string File, IReadOnlyList<string> Arguments) DotnetRun(string script, IEnumerable<string> arguments) =>
        ("dotnet", ["run", "-c", "Release", script, "--", .. arguments]);

    /// <summary>Builds a file-based program once, so that a compile error shows before any round starts.</summary>
    public static void Build(string script)
    {
        var (exitCode, output) = Execute("dotnet", ["build", "-c", "Release", script], environment: null);
        if (exitCode != 0)
            throw new InvalidOperationException($"'dotnet build -c Release {script}' failed:\n{output}");
    }

    /// <summary>Asks the PyTorch peer what it would run with, without training anything.</summary>
    public static PythonPeer Probe(string python, string script)
    {
        try
        {
            var (exitCode, output) = Execute(python, [script, "probe"], environment: null);
            if (exitCode != 0 || LastJsonLine(output) is not { } line)
                return new(false, $"{python} cannot import torch (Debian's python3-torch is not installed?): {output.Trim().Split('\n')[^1]}");
            var package = Execute("dpkg-query", ["-W", "-f=${Version}", "python3-torch"], environment: null).Output.Trim();
            return new(true, $"{line["engine"]}; Debian python3-torch {package}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new(false, $"{python} cannot be started ({e.Message})");
        }
    }

    /// <summary>Runs one worker and returns its results; throws with its output when it fails.</summary>
    public static JsonObject Run(string file, IReadOnlyList<string> arguments, string? ompWaitPolicy)
    {
        var (exitCode, output) = Execute(file, arguments, ompWaitPolicy is null ? null : new() { ["OMP_WAIT_POLICY"] = ompWaitPolicy });
        return exitCode == 0 && LastJsonLine(output) is { } line
            ? line
            : throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed with exit code {exitCode}:\n{output}");
    }

    private static JsonObject? LastJsonLine(string output) =>
        output.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.StartsWith('{')) is { } json ? JsonNode.Parse(json)?.AsObject() : null;

    private static (int ExitCode, string Output) Execute(string file, IEnumerable<string> arguments, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? []) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + errors.Result);
    }
}

/// <summary>One row of the table: a figure of one phase, how to show it, and the goal it has, if any.</summary>
sealed record Figure(string Label, string Phase, string Key, string Format, bool HigherIsBetter, double? Goal = null);

/// <summary>Medians over the rounds and seeds, the tables and their ratios.</summary>
sealed class Report(IReadOnlyList<Contender> contenders, IReadOnlyList<JsonObject> results, JsonObject peak, TrainingFlops flops)
{
    /// <summary>A smoke run: too few steps and images to hold against the goals, so the table does not.</summary>
    public bool Quick { get; init; }

    // Goals of issue #15 for a machine with AVX512_BF16: (a) ≥ 1.10× (b) and ≥ 1.5× (c) in training; time to 99% ≤ 5 s and ≤ 0.6× (b);
    // peak RSS ≤ (b)'s; evaluating the test images with fast ≤ 0.25 s. The ratio goals are checked in the table's last columns.
    private static readonly Figure[] Figures =
    [
        new("training, pytorch-cnn, samples/s", "throughput", "train_samples_per_second", "N0", HigherIsBetter: true),
        new("training, pytorch-cnn, GFLOP/s", "throughput", "train_gflops", "F1", HigherIsBetter: true),
        new("training, pytorch-cnn, share of the measured peak", "throughput", "train_peak_share", "0.0%", HigherIsBetter: true),
        new("inference, pytorch-cnn, samples/s", "throughput", "inference_samples_per_second", "N0", HigherIsBetter: true),
        new("peak RSS, pytorch-cnn training + inference, MiB", "throughput", "peak_rss_mib", "N0", HigherIsBetter: false),
        new("time to 99.0%, fast: training + evaluations, s (median over seeds)", "time-to-99", "seconds", "F2", HigherIsBetter: false, Goal: 5),
        new("of which training, s", "time-to-99", "train_seconds", "F2", HigherIsBetter: false),
        new("training, fast, GFLOP/s", "time-to-99", "train_gflops", "F1", HigherIsBetter: true),
        new("evaluating the test images once (the evaluation that shows it), s", "time-to-99", "last_evaluation_seconds", "F2", HigherIsBetter: false, Goal: 0.25),
    ];

    /// <summary>A worker's result in one line, for the progress log.</summary>
    public static string OneLine(JsonObject result) => (string)result["phase"]! == "throughput"
        ? $"train {(double)result["train_samples_per_second"]!,6:N0}/s  inference {(double)result["inference_samples_per_second"]!,6:N0}/s  peak RSS {(double)result["peak_rss_mib"]!,5:N0} MiB"
        : $"{((bool)result["reached"]! ? "reached" : "NOT reached")} {(double)result["accuracy"]!:0.00%} after {(int)result["epochs"]!} epoch(s) in {(double)result["seconds"]!:F2} s " +
          $"(training {(double)result["train_seconds"]!:F2} s, last evaluation {(double)result["last_evaluation_seconds"]!:F2} s)";

    /// <summary>The peak probe's result in one line.</summary>
    public static string PeakLine(JsonObject peak) =>
        $"float32 matrix products {peak["size"]}³: {(double)peak["single_thread_gflops"]!:F1} GFLOP/s on one thread, {(double)peak["all_threads_gflops"]!:F1} GFLOP/s on {peak["threads"]}" +
        (peak["bfloat16_all_threads_gflops"] is { } bf16 ? $"; bfloat16 {(double)bf16:F1} GFLOP/s on {peak["threads"]}" : "");

    /// <summary>The load averages over 1, 5 and 15 minutes, from /proc/loadavg.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>The processor's model name, from /proc/cpuinfo.</summary>
    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    /// <summary>What each contender ran on, as its first worker reported it: one markdown list item each.</summary>
    public string Engines() => string.Concat(contenders.Select(contender => (contender, Of(contender, "throughput").First())).Select(pair =>
        $"  - {pair.contender.Title}: {pair.Item2["engine"]}; OMP_WAIT_POLICY {pair.Item2["omp_wait_policy"]}{(pair.Item2["gomp_spincount"] is { } spin ? $", GOMP_SPINCOUNT {spin}" : "")}{Environment.NewLine}"));

    /// <summary>A note when (a) chose PASSIVE by itself (the machine was busy as it started), so that its two columns ran the same setting.</summary>
    public string SamePolicyNote() =>
        contenders.Any(contender => contender.WaitPolicy == "PASSIVE") && Of(contenders[0], "throughput").Any(result => (string?)result["omp_wait_policy"] == "PASSIVE")
            ? $"- note: (a) found the machine busy as it started and chose OMP_WAIT_POLICY=PASSIVE itself in at least one round, so its two columns ran the same setting there{Environment.NewLine}"
            : "";

    /// <summary>The median of every figure for every contender; time to the target only over the seeds that reached it.</summary>
    public JsonObject Medians() => new(contenders.Select(contender => KeyValuePair.Create(contender.Name,
        (JsonNode?)new JsonObject(Figures.Select(figure => KeyValuePair.Create($"{figure.Phase}.{figure.Key}", (JsonNode?)Median(contender, figure)))))));

    /// <summary>The markdown table: one row per figure, a column per contender, the ratios of (a) to (b) and (c), the goal.</summary>
    public string Table(double target)
    {
        var peers = contenders.Where(contender => !contender.ThroughputOnly).Skip(1).ToList();
        var head = $"| figure | {string.Join(" | ", contenders.Select(c => c.Title))} | {string.Join(" | ", peers.Select(c => $"(a)/{c.Title[..3]}"))} | goal for (a) | met |";
        var rule = $"|---|{string.Concat(contenders.Select(_ => "---:|"))}{string.Concat(peers.Select(_ => "---:|"))}---|---|";
        var rows = Figures.Select(figure =>
        {
            var values = contenders.Select(contender => Median(contender, figure)).ToList();
            var cells = values.Select((value, i) => Cell(figure, value, contenders[i]));
            var ratios = peers.Select(peer => values[0] is { } a && Median(peer, figure) is { } b && b != 0 && figure.Format != "0.0%" ? $"{a / b:F2}×" : "");
            var (goal, met) = figure.Goal is not { } g ? ("", "")
                : ($"{(figure.HigherIsBetter ? "≥" : "≤")} {g.ToString("0.0#", CultureInfo.InvariantCulture)}",
                   Quick ? "(not judged: --quick)" : values[0] is not { } mine ? "no (not reached)" : (figure.HigherIsBetter ? mine >= g : mine <= g) ? "yes" : "no");
            return $"| {figure.Label} | {string.Join(" | ", cells)} | {string.Join(" | ", ratios)} | {goal} | {met} |";
        });
        return string.Join(Environment.NewLine, [head, rule, .. rows]) + Environment.NewLine + Environment.NewLine +
               "Ratios are (a) divided by the other: above 1 is better for samples/s and GFLOP/s, below 1 for seconds and MiB. " +
               "Goals for (a) on a machine with AVX512_BF16: training ≥ 1.10× (b) and ≥ 1.5× (c); time to 99% ≤ 0.6× (b); peak RSS ≤ (b)'s.";
    }

    /// <summary>The time to the target seed by seed, and the accuracy each seed reached: mean ± standard deviation and minimum.</summary>
    public string SeedTable(double target)
    {
        var rows = contenders.Where(contender => !contender.ThroughputOnly).Select(contender =>
        {
            var runs = Of(contender, "time-to-99").OrderBy(run => (long)run["seed"]!).ToList();
            var accuracies = runs.Select(run => (double)run["accuracy"]!).ToList();
            var mean = accuracies.Average();
            var sd = accuracies.Count > 1 ? Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / (accuracies.Count - 1)) : 0;
            var seconds = string.Join(", ", runs.Select(run => $"{(double)run["seconds"]!:F2}{((bool)run["reached"]! ? "" : " (not reached)")}"));
            var spread = accuracies.Count > 1 ? $"{mean:0.00%} ± {sd * 100:F2}" : $"{mean:0.00%} (one seed: no spread)";
            return $"| {contender.Title} | {runs.Count(run => (bool)run["reached"]!)} of {runs.Count} | {spread} | {accuracies.Min():0.00%} | {seconds} |";
        });
        return $"| time to {target:0.0%}, fast | seeds reaching it | test accuracy, mean ± sd (points) | minimum | seconds, seed by seed |" + Environment.NewLine +
               "|---|---:|---:|---:|---|" + Environment.NewLine + string.Join(Environment.NewLine, rows);
    }

    private string Cell(Figure figure, double? value, Contender contender)
    {
        var runs = Of(contender, figure.Phase).ToList();
        if (runs.Count == 0)
            return "";
        if (figure.Key == "seconds" && value is null)
            return $"not reached ({runs.Select(run => (double)run["accuracy"]!).Max():0.00%} at best)";
        var text = value is { } v ? v.ToString(figure.Format, CultureInfo.InvariantCulture) : "";
        if (figure.Key != "seconds")
            return text;
        var reached = runs.Count(run => (bool)run["reached"]!);
        return reached < runs.Count ? $"{text} (reached in {reached} of {runs.Count} seeds)" : text;
    }

    private double? Median(Contender contender, Figure figure)
    {
        var values = Of(contender, figure.Phase)
            .Where(result => figure.Key != "seconds" || (bool)result["reached"]!)
            .Select(result => Value(result, figure.Key)).Order().ToList();
        return values.Count == 0 ? null : values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    // The derived figures: GFLOP/s from samples/s and the network's training FLOPs, and their share of the measured peak.
    private double Value(JsonObject result, string key) => key switch
    {
        "train_gflops" when (string)result["phase"]! == "throughput" => (double)result["train_samples_per_second"]! * flops.PyTorchCnn / 1e9,
        "train_gflops" => (double)result["train_samples_seen"]! * flops.Fast / (double)result["train_seconds"]! / 1e9,
        "train_peak_share" => Value(result, "train_gflops") / (double)peak["all_threads_gflops"]!,
        _ => (double)result[key]!,
    };

    private IEnumerable<JsonObject> Of(Contender contender, string phase) =>
        results.Where(result => (string)result["contender"]! == contender.Name && (string)result["phase"]! == phase);
}
