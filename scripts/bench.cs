#:project ../src/Mnist.Functional/Mnist.Functional.csproj
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
// Figures: training and inference samples/s and peak RSS for PyTorch's examples/mnist CNN (pytorch-cnn,
// Adadelta, batch 64); wall time to 99.0% test accuracy for the zoo's `fast` network and recipe, training
// plus the end-of-epoch evaluations up to the first that shows it. Medians over the rounds; ratios of (a)
// to (b) and (c); a markdown table and the raw results in runs/bench-<timestamp>/.
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
using Mnist.Functional.Data.Sources;
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
const long Seed = 1;
string? ompWaitPolicyForAll = null;                 // null: each contender's own (ours PASSIVE, the others libgomp's); or "PASSIVE" / "ACTIVE" for all
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
string[] targetArguments =
[
    "--threads", $"{threads}", "--batch-size", $"{fastRecipe.BatchSize}", "--epochs", $"{fastRecipe.Epochs}", "--train-limit", $"{trainLimit}",
    "--learning-rate", $"{fastRecipe.LearningRate}", "--weight-decay", $"{fastRecipe.WeightDecay}", "--label-smoothing", $"{fastRecipe.LabelSmoothing}", "--target", $"{TargetAccuracy}",
    "--evaluation-batch-size", $"{evaluationBatchSize}", "--test-limit", $"{testLimit}", "--seed", $"{Seed}",
];
string[] Arguments(string phase) => phase == "throughput" ? throughputArguments : targetArguments;

List<Contender> contenders =
[
    new("functional", "(a) Mnist.Functional", phase => Worker.DotnetRun("scripts/bench-worker.cs", ["functional", phase, .. Arguments(phase)])),
    new("imperative", "(b) imperative TorchSharp", phase => Worker.DotnetRun("scripts/bench-worker.cs", ["imperative", phase, .. Arguments(phase)])),
];
if (python.Available)
    contenders.Add(new("pytorch", "(c) PyTorch", phase => (Python, ["scripts/peers/pytorch_mnist.py", phase, "--data", dataFolder, .. Arguments(phase)])));

// Round after round, each phase, each contender in turn; the order rotates so that none always goes first.
var results = new List<JsonObject>();
for (var round = 0; round < rounds; round++)
{
    foreach (var phase in new[] { "throughput", "time-to-99" })
    {
        foreach (var contender in contenders.Skip(round % contenders.Count).Concat(contenders.Take(round % contenders.Count)))
        {
            var (file, arguments) = contender.Command(phase);
            var clock = Stopwatch.StartNew();
            var result = Worker.Run(file, arguments, ompWaitPolicyForAll);
            results.Add(result);
            Console.WriteLine($"round {round + 1}/{rounds} {phase,-10} {contender.Title,-26} {Report.OneLine(result)}  ({clock.Elapsed.TotalSeconds:F0} s)");
        }
    }
}

var report = new Report(contenders, results);
var header = new StringBuilder()
    .AppendLine($"Benchmark of {DateTime.Now:yyyy-MM-dd HH:mm}, `dotnet run -c Release scripts/bench.cs{(quick ? " -- --quick" : "")}`")
    .AppendLine()
    .AppendLine($"- machine: {Report.CpuModel()}, {Environment.ProcessorCount} logical cores; load average at start {loadAtStart}, at end {Report.LoadAverage()} (1, 5, 15 minutes)")
    .AppendLine($"- settings: {threads} threads each; medians of {rounds} round(s), contenders in turn, each in its own process")
    .AppendLine($"- throughput: pytorch-cnn, batch {throughputBatchSize}, {warmUpSteps} warm-up + {timedSteps} timed steps; inference: {inferencePasses} timed pass(es) over the {(testLimit > 0 ? $"first {testLimit:N0}" : "10,000")} test images in batches of {evaluationBatchSize} after a warm-up pass; peak RSS (VmHWM) of that whole process")
    .AppendLine($"- time to {TargetAccuracy:0.0%}: fast, {fastRecipe.Describe()}{(trainLimit > 0 ? $", first {trainLimit:N0} training images only" : "")}; test evaluation (batches of {evaluationBatchSize}) after each epoch; wall time of training plus evaluations up to the first epoch at or above the target")
    .AppendLine($"- OpenMP wait policy: {(ompWaitPolicyForAll is null ? "each contender's own" : $"{ompWaitPolicyForAll} for all")}; the contenders ran on")
    .Append(report.Engines())
    .Append(python.Available ? "" : $"- (c) PyTorch left out: {python.Description}{Environment.NewLine}")
    .Append(quick ? $"- a quick smoke run (--quick): too few steps and images to compare with the goals{Environment.NewLine}" : "")
    .ToString();
var markdown = header + Environment.NewLine + report.Table(TargetAccuracy) + Environment.NewLine;

Directory.CreateDirectory(outputFolder);
File.WriteAllText(Path.Combine(outputFolder, "bench.md"), markdown);
var json = new JsonObject
{
    ["quick"] = quick,
    ["rounds"] = rounds,
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

/// <summary>One contender: its name in the results, its title in the table, and the command that runs a phase.</summary>
sealed record Contender(string Name, string Title, Func<string, (string File, IReadOnlyList<string> Arguments)> Command);

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

/// <summary>Medians over the rounds, the table and its ratios.</summary>
sealed class Report(IReadOnlyList<Contender> contenders, IReadOnlyList<JsonObject> results)
{
    private static readonly Figure[] Figures =
    [
        new("training, pytorch-cnn, samples/s", "throughput", "train_samples_per_second", "N0", HigherIsBetter: true, Goal: 1_650),
        new("inference, pytorch-cnn, samples/s", "throughput", "inference_samples_per_second", "N0", HigherIsBetter: true),
        new("peak RSS, pytorch-cnn training + inference, MiB", "throughput", "peak_rss_mib", "N0", HigherIsBetter: false, Goal: 700),
        new("time to 99.0%, fast: training + evaluations, s", "time-to-99", "seconds", "F2", HigherIsBetter: false, Goal: 8),
        new("of which training, s", "time-to-99", "train_seconds", "F2", HigherIsBetter: false),
        new("evaluating the test images once (the evaluation that shows it), s", "time-to-99", "last_evaluation_seconds", "F2", HigherIsBetter: false, Goal: 0.5),
        new("test accuracy at that point", "time-to-99", "accuracy", "0.00%", HigherIsBetter: true),
        new("epochs to get there", "time-to-99", "epochs", "N0", HigherIsBetter: false),
    ];

    /// <summary>A worker's result in one line, for the progress log.</summary>
    public static string OneLine(JsonObject result) => (string)result["phase"]! == "throughput"
        ? $"train {(double)result["train_samples_per_second"]!,6:N0}/s  inference {(double)result["inference_samples_per_second"]!,6:N0}/s  peak RSS {(double)result["peak_rss_mib"]!,5:N0} MiB"
        : $"{((bool)result["reached"]! ? "reached" : "NOT reached")} {(double)result["accuracy"]!:0.00%} after {(int)result["epochs"]!} epoch(s) in {(double)result["seconds"]!:F2} s " +
          $"(training {(double)result["train_seconds"]!:F2} s, last evaluation {(double)result["last_evaluation_seconds"]!:F2} s)";

    /// <summary>The load averages over 1, 5 and 15 minutes, from /proc/loadavg.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>The processor's model name, from /proc/cpuinfo.</summary>
    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    /// <summary>What each contender ran on, as its first worker reported it: one markdown list item each.</summary>
    public string Engines() => string.Concat(contenders.Select(contender => Of(contender, "throughput").First()).Select((result, i) =>
        $"  - {contenders[i].Title}: {result["engine"]}; OMP_WAIT_POLICY {result["omp_wait_policy"]}{Environment.NewLine}"));

    /// <summary>The median of every figure for every contender; time to the target only over the rounds that reached it.</summary>
    public JsonObject Medians() => new(contenders.Select(contender => KeyValuePair.Create(contender.Name,
        (JsonNode?)new JsonObject(Figures.Select(figure => KeyValuePair.Create(figure.Key, (JsonNode?)Median(contender, figure)))))));

    /// <summary>The markdown table: one row per figure, a column per contender, the ratios of (a) to the others, the goal.</summary>
    public string Table(double target)
    {
        var others = contenders.Skip(1).ToList();
        var head = $"| figure | {string.Join(" | ", contenders.Select(c => c.Title))} | {string.Join(" | ", others.Select(c => $"(a)/{c.Title[..3]}"))} | goal for (a) | met |";
        var rule = $"|---|{string.Concat(contenders.Select(_ => "---:|"))}{string.Concat(others.Select(_ => "---:|"))}---|---|";
        var rows = Figures.Select(figure =>
        {
            var values = contenders.Select(contender => Median(contender, figure)).ToList();
            var cells = values.Select((value, i) => Cell(figure, value, contenders[i], target));
            var ratios = values.Skip(1).Select(other => values[0] is { } a && other is { } b && b != 0 && figure.Format != "0.00%" && figure.Key != "epochs" ? $"{a / b:F2}×" : "");
            var (goal, met) = figure.Goal is not { } g ? ("", "")
                : ($"{(figure.HigherIsBetter ? "≥" : "≤")} {g.ToString(figure.Format == "F2" ? "0.0#" : "N0", CultureInfo.InvariantCulture)}",
                   values[0] is not { } mine ? "no (not reached)" : (figure.HigherIsBetter ? mine >= g : mine <= g) ? "yes" : "no");
            return $"| {figure.Label} | {string.Join(" | ", cells)} | {string.Join(" | ", ratios)} | {goal} | {met} |";
        });
        return string.Join(Environment.NewLine, [head, rule, .. rows]) + Environment.NewLine + Environment.NewLine +
               "Ratios are (a) divided by the other: above 1 is better for samples/s, below 1 for seconds and MiB.";
    }

    private string Cell(Figure figure, double? value, Contender contender, double target)
    {
        var runs = Of(contender, figure.Phase).ToList();
        if (figure.Key == "seconds" && value is null)
            return $"not reached ({runs.Select(run => (double)run["accuracy"]!).Max():0.00%} at best)";
        var text = value is { } v ? v.ToString(figure.Format, CultureInfo.InvariantCulture) : "";
        if (figure.Key != "seconds")
            return text;
        var reached = runs.Count(run => (bool)run["reached"]! && (double)run["accuracy"]! >= target);
        return reached < runs.Count ? $"{text} (reached in {reached} of {runs.Count} rounds)" : text;
    }

    private double? Median(Contender contender, Figure figure)
    {
        var values = Of(contender, figure.Phase)
            .Where(result => figure.Key != "seconds" || (bool)result["reached"]!)
            .Select(result => (double)result[figure.Key]!).Order().ToList();
        return values.Count == 0 ? null : values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    private IEnumerable<JsonObject> Of(Contender contender, string phase) =>
        results.Where(result => (string)result["contender"]! == contender.Name && (string)result["phase"]! == phase);
}
