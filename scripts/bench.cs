#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// The benchmark: the same networks, recipes, batch sizes, thread count and MNIST data, trained and evaluated by three
// contenders, each in a process of its own, in turns, round after round, so that a burst of load from elsewhere on the
// machine lands on all of them alike:
//
//   (a) functional   Mnist.Functional (scripts/bench-worker.cs functional)
//   (b) imperative   the same networks as TorchSharp nn.Modules with torch.optim (scripts/bench-worker.cs imperative)
//   (c) pytorch      the same in Python, with Debian's python3-torch (scripts/peers/pytorch_mnist.py); left out, with a
//                    note, where that package is not installed; its goals are not judged while it runs on reference BLAS
//
// Figures: the instruction set the kernels ran with and the measured peak (float32 matrix products on one thread and on
// all); training and inference samples/s, GFLOP/s and share of the peak, and peak RSS for PyTorch's examples/mnist CNN
// (pytorch-cnn, Adadelta, batch 64), (a) also with OMP_WAIT_POLICY=PASSIVE; wall time to 99.0% test accuracy for each
// model of `targetModels` with its zoo recipe, training plus the end-of-epoch evaluations up to the first that shows it,
// for seeds 1 to 5, with each seed's accuracy. Medians over the rounds and seeds; ratios of (a) to (b) and (c); the
// goals, judged only where the kernels are AVX2 (the machines the goals are for) and the run is not --quick; markdown
// tables and the raw results in runs/bench-<timestamp>/.
//
// Instruction sets (--isa): `native` runs libtorch, oneDNN, MKL and OpenBLAS with the widest kernels the CPU has; `avx2`
// pins all four to AVX2 (ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2
// OPENBLAS_CORETYPE=Haswell), which reproduces an AVX2 machine's arithmetic bit for bit on a wider CPU (not its speed:
// the cores, clocks and caches stay this machine's); `both` does both, one after the other. The default is `native` on
// a CPU whose widest level is AVX2 (the pin changes nothing there) and `both` on a wider one.
//
// Run from the repository root:
//   dotnet run -c Release scripts/bench.cs                                   # the full benchmark
//   dotnet run -c Release scripts/bench.cs -- --isa avx2                     # AVX2 kernels only
//   dotnet run -c Release scripts/bench.cs -- --previous runs/bench-X/bench.json   # and compare with an earlier full run
//   dotnet run -c Release scripts/bench.cs -- --quick                        # a smoke run: few steps, a small training subset
//   dotnet run -c Release scripts/bench.cs -- --isa avx2 --phases speedrun   # only these measurements: throughput, speedrun, fast
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;

CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
const string Usage = "usage: dotnet run -c Release scripts/bench.cs [-- [--quick] [--isa native|avx2|both] [--phases throughput,speedrun,fast] [--previous runs/bench-<time>/bench.json]]";
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    return 0;
}
// Every argument is checked before anything is measured: a misspelt option would otherwise start a half-hour run.
string[] valued = ["--isa", "--phases", "--previous"];
for (var i = 0; i < args.Length; i++)
{
    if (valued.Contains(args[i]) && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
    {
        Console.Error.WriteLine($"error: {args[i]} needs a value. {Usage}");
        return 2;
    }
    if (valued.Contains(args[i]))
        i++;
    else if (args[i] != "--quick")
    {
        Console.Error.WriteLine($"error: '{args[i]}' is not an option of the benchmark. {Usage}");
        return 2;
    }
}
var quick = args.Contains("--quick");
string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

// Settings: change one and run again.
var rounds = quick ? 1 : 3;
var threads = Environment.ProcessorCount;          // intra-op threads for every contender
var throughputBatchSize = Zoo.PyTorchCnn.Recipe.BatchSize;   // 64, as examples/mnist
var warmUpSteps = quick ? 3 : 20;                   // untimed training steps first
var timedSteps = quick ? 10 : 300;                  // then these are timed (one epoch has 937 full batches of 64)
var evaluationBatchSize = Evaluator.DefaultBatchSize;   // 250: images per forward pass when evaluating
var inferencePasses = quick ? 1 : 3;                // timed passes over the 10,000 test images (after one warm-up pass)
const double TargetAccuracy = 0.99;
ZooModel[] targetModels = [.. new[] { Zoo.Speedrun, Zoo.Default }.Distinct()];   // time to 99%: the quickest recipe (the time goals), then the default model
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
var cpuCapability = Isa.CpuCapability();
var isaChoice = Option("--isa") ?? (cpuCapability.StartsWith("AVX2", StringComparison.Ordinal) ? "native" : "both");
if (isaChoice is not ("native" or "avx2" or "both"))
{
    Console.Error.WriteLine($"error: --isa takes native, avx2 or both, not '{isaChoice}'");
    return 2;
}
// --phases: which measurements to make, "throughput" and the target models' names (comma-separated); all by default.
var phaseChoice = Option("--phases")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
string[] knownPhases = ["throughput", .. targetModels.Select(model => model.Name)];
if (phaseChoice is not null && (phaseChoice.Length == 0 || phaseChoice.FirstOrDefault(phase => !knownPhases.Contains(phase)) is not null))
{
    Console.Error.WriteLine($"error: --phases takes a comma-separated list of {string.Join(", ", knownPhases)}, not '{Option("--phases")}'");
    return 2;
}
var measureThroughput = phaseChoice is null || phaseChoice.Contains("throughput");
if (phaseChoice is not null)
    targetModels = [.. targetModels.Where(model => phaseChoice.Contains(model.Name))];
var previousPath = Option("--previous");
if (previousPath is not null && !File.Exists(previousPath))
{
    Console.Error.WriteLine($"error: --previous names {previousPath}, which is not a file: give the bench.json of an earlier run (runs/bench-<time>/bench.json)");
    return 2;
}
var previous = previousPath is null ? null : JsonNode.Parse(File.ReadAllText(previousPath))?.AsObject();
Isa[] isas = isaChoice switch
{
    "native" => [Isa.Native(cpuCapability)],
    "avx2" => [Isa.Avx2(cpuCapability)],
    _ => [Isa.Avx2(cpuCapability), Isa.Native(cpuCapability)],
};

var files = await DataSources.ObtainAsync(DatasetCatalog.Mnist);
var dataFolder = Path.GetDirectoryName(files.PathOf(SplitKind.Train, IdxKind.Images))!;
var loadAtStart = Report.LoadAverage();

Console.WriteLine("building the worker (scripts/bench-worker.cs) ...");
Worker.Build("scripts/bench-worker.cs");

string[] throughputArguments =
[
    "--threads", $"{threads}", "--batch-size", $"{throughputBatchSize}", "--warm-up-steps", $"{warmUpSteps}", "--steps", $"{timedSteps}",
    "--evaluation-batch-size", $"{evaluationBatchSize}", "--inference-passes", $"{inferencePasses}", "--test-limit", $"{testLimit}", "--seed", $"{Seed}",
];
string[] TargetArguments(ZooModel model, long seed)
{
    var recipe = model.Recipe;
    // Adam's β as the library builds them (the recipe's, or Adam's own); the other optimizers take none.
    var (beta1, beta2) = recipe.OptimizerFor(1, recipe.Epochs) is Adam adam ? (adam.Beta1, adam.Beta2) : (0.9, 0.999);
    return
    [
        "--model", model.Name, "--architecture", TwoConvShape.Of(model), "--threads", $"{threads}", "--batch-size", $"{recipe.BatchSize}",
        "--epochs", $"{recipe.Epochs}", "--train-limit", $"{trainLimit}", "--optimizer", ByName.Name(recipe.Optimizer),
        "--learning-rate", $"{recipe.LearningRate}", "--beta1", $"{beta1}", "--beta2", $"{beta2}",
        "--weight-decay", $"{recipe.WeightDecay}", "--label-smoothing", $"{recipe.LabelSmoothing}", "--target", $"{TargetAccuracy}",
        "--evaluation-batch-size", $"{evaluationBatchSize}", "--test-limit", $"{testLimit}", "--seed", $"{seed}",
    ];
}
string[] Arguments(Phase phase, long seed) => phase.Model is { } model ? TargetArguments(model, seed) : throughputArguments;
Phase[] phases = [Phase.Throughput, .. targetModels.Select(Phase.TimeToTarget)];

var runs = new List<IsaRun>();
foreach (var isa in isas)
{
    Console.WriteLine($"=== kernels: {isa.Title}");
    var environment = isa.Environment;
    var python = Worker.Probe(Python, "scripts/peers/pytorch_mnist.py", environment);
    Console.WriteLine(python.Available
        ? $"PyTorch peer: {python.Description}"
        : $"note: {python.Description}; reporting (a) and (b) only. Install it with 'sudo apt-get install python3-torch'.");

    // The machine's measured limit first: float32 matrix products on one core and on all threads.
    var peak = Worker.Run("dotnet", ["run", "-c", "Release", "scripts/bench-worker.cs", "--", "functional", "peak", "--threads", $"{threads}", "--size", quick ? "512" : "1024"],
        environment.With("OMP_WAIT_POLICY", ompWaitPolicyForAll));
    Console.WriteLine($"peak: {Report.PeakLine(peak)}");

    List<Contender> contenders =
    [
        new("functional", "(a) Mnist.Functional", (phase, seed) => Worker.DotnetRun("scripts/bench-worker.cs", ["functional", phase.Name, .. Arguments(phase, seed)])),
        new("imperative", "(b) imperative TorchSharp", (phase, seed) => Worker.DotnetRun("scripts/bench-worker.cs", ["imperative", phase.Name, .. Arguments(phase, seed)])),
    ];
    if (python.Available)
        contenders.Add(new("pytorch", "(c) PyTorch", (phase, seed) => (Python, ["scripts/peers/pytorch_mnist.py", phase.Name, "--data", dataFolder, .. Arguments(phase, seed)])));
    if (ompWaitPolicyForAll is null)
        contenders.Add(new("functional-alternative", $"(a) with OMP_WAIT_POLICY={alternativePolicyForOurs}", contenders[0].Command)
        {
            WaitPolicy = alternativePolicyForOurs,
            ThroughputOnly = true,
        });

    // Round after round, each contender in turn, the order rotating so that none always goes first: throughput with
    // one seed, then the time to the target once per model and seed.
    var results = new List<JsonObject>();
    void Measure(Phase phase, int round, long seed, string progress)
    {
        var turn = contenders.Where(contender => phase.Model is null || !contender.ThroughputOnly).ToList();
        foreach (var contender in turn.Skip(round % turn.Count).Concat(turn.Take(round % turn.Count)))
        {
            var (file, arguments) = contender.Command(phase, seed);
            var clock = Stopwatch.StartNew();
            var result = Worker.Run(file, arguments, environment.With("OMP_WAIT_POLICY", ompWaitPolicyForAll ?? contender.WaitPolicy));
            result["contender"] = contender.Name;
            results.Add(result);
            Console.WriteLine($"{progress} {phase.Title,-22} {contender.Title,-40} {Report.OneLine(result)}  ({clock.Elapsed.TotalSeconds:F0} s)");
        }
    }
    for (var round = 0; round < (measureThroughput ? rounds : 0); round++)
        Measure(Phase.Throughput, round, Seed, $"round {round + 1}/{rounds}");
    foreach (var phase in phases.Where(phase => phase.Model is not null))
        for (var seed = 1; seed <= targetSeeds; seed++)
            Measure(phase, seed - 1, seed, $"seed {seed}/{targetSeeds}");
    runs.Add(new IsaRun(isa, python, peak, contenders, results));
}

var flops = new Dictionary<string, double>
{
    [Zoo.PyTorchCnn.Name] = TrainingFlops(Zoo.PyTorchCnn),
};
foreach (var model in targetModels) flops[model.Name] = TrainingFlops(model);
var header = new StringBuilder()
    .AppendLine($"Benchmark of {DateTime.Now:yyyy-MM-dd HH:mm}, `dotnet run -c Release scripts/bench.cs{(args.Length > 0 ? " -- " + string.Join(' ', args) : "")}`")
    .AppendLine()
    .AppendLine($"- machine: {Report.CpuModel()}, {Environment.ProcessorCount} logical cores; the CPU's widest level {cpuCapability}; load average at start {loadAtStart}, at end {Report.LoadAverage()} (1, 5, 15 minutes)")
    .AppendLine($"- kernels: {string.Join("; then ", isas.Select(isa => isa.Title))}")
    .AppendLine($"- a training sample is counted as 3× the forward pass's multiply-adds ×2 (forward, input gradient, weight gradient): {string.Join(", ", flops.Select(pair => $"{pair.Key} {pair.Value / 1e6:F2} MFLOP"))}")
    .AppendLine($"- settings: {threads} threads each; throughput: medians of {rounds} round(s); time to {TargetAccuracy:0.0%}: {targetSeeds} seed(s) (1–{targetSeeds}) per contender and model; contenders in turn, each in its own process")
    .AppendLine($"- throughput: pytorch-cnn, batch {throughputBatchSize}, {warmUpSteps} warm-up + {timedSteps} timed steps; inference: {inferencePasses} timed pass(es) over the {(testLimit > 0 ? $"first {testLimit:N0}" : "10,000")} test images in batches of {evaluationBatchSize} after a warm-up pass; peak RSS (VmHWM) of that whole process")
    .AppendLine(string.Join(Environment.NewLine, targetModels.Select(model => $"- time to {TargetAccuracy:0.0%}, {model.Name}: {model.Recipe.Describe()}{(trainLimit > 0 ? $", first {trainLimit:N0} training images only" : "")}; test evaluation (batches of {evaluationBatchSize}) after each epoch; wall time of training plus evaluations up to the first epoch at or above the target")))
    .AppendLine($"- OpenMP wait policy: {(ompWaitPolicyForAll is null ? $"each contender's own, and (a) once more with OMP_WAIT_POLICY={alternativePolicyForOurs}" : $"{ompWaitPolicyForAll} for all")}")
    .Append(quick ? $"- a quick smoke run (--quick): too few steps and images to compare with the goals{Environment.NewLine}" : "")
    .ToString();

var sections = runs.Select(run =>
{
    var report = new Report(run, flops, targetModels, TargetAccuracy) { Quick = quick };
    return report.Section();
});
var comparison = previous is null ? "" : Environment.NewLine + Comparison.Against(previous, previousPath!, runs.Select(run => new Report(run, flops, targetModels, TargetAccuracy)).ToList());
var markdown = header + string.Concat(sections) + comparison;

Directory.CreateDirectory(outputFolder);
File.WriteAllText(Path.Combine(outputFolder, "bench.md"), markdown);
var json = new JsonObject
{
    ["quick"] = quick,
    ["rounds"] = rounds,
    ["target_seeds"] = targetSeeds,
    ["cpu_capability"] = cpuCapability,
    ["training_flops_per_sample"] = new JsonObject(flops.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
    ["threads"] = threads,
    ["throughput_batch_size"] = throughputBatchSize,
    ["warm_up_steps"] = warmUpSteps,
    ["timed_steps"] = timedSteps,
    ["evaluation_batch_size"] = evaluationBatchSize,
    ["inference_passes"] = inferencePasses,
    ["target_accuracy"] = TargetAccuracy,
    ["target_recipes"] = new JsonObject(targetModels.Select(model => KeyValuePair.Create(model.Name, (JsonNode?)model.Recipe.Describe()))),
    ["train_limit"] = trainLimit,
    ["test_limit"] = testLimit,
    ["omp_wait_policy_for_all"] = ompWaitPolicyForAll,
    ["load_average_start"] = loadAtStart,
    ["load_average_end"] = Report.LoadAverage(),
    ["isa_runs"] = new JsonArray([.. runs.Select(run => (JsonNode)new JsonObject
    {
        ["isa"] = run.Isa.Name,
        ["kernels"] = run.Isa.Title,
        ["environment"] = new JsonObject(run.Isa.Environment.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
        ["python"] = run.Python.Description,
        ["peak"] = run.Peak.DeepClone(),
        ["medians"] = new Report(run, flops, targetModels, TargetAccuracy).Medians(),
        ["results"] = new JsonArray([.. run.Results.Select(result => result.DeepClone())]),
    })]),
};
File.WriteAllText(Path.Combine(outputFolder, "bench.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"written to {Path.Combine(outputFolder, "bench.md")} and bench.json");
return 0;

// Floating-point operations of one training sample: 3× the forward pass's (forward, input gradient, weight gradient).
static double TrainingFlops(ZooModel model) => 3.0 * model.Network.Summarize(1, 1, 28, 28).TotalFlops;

/// <summary>What a worker is asked to measure: the throughput of pytorch-cnn, or the time to the target for a model.</summary>
sealed record Phase(string Name, ZooModel? Model)
{
    public static Phase Throughput { get; } = new("throughput", null);

    public static Phase TimeToTarget(ZooModel model) => new("time-to-99", model);

    public string Title => Model is { } model ? $"{Name} {model.Name}" : Name;
}

/// <summary>One contender: its name in the results, its title in the table, and the command that runs a phase with a seed.</summary>
sealed record Contender(string Name, string Title, Func<Phase, long, (string File, IReadOnlyList<string> Arguments)> Command)
{
    /// <summary>The OMP_WAIT_POLICY its processes get; <see langword="null"/>: its own default.</summary>
    public string? WaitPolicy { get; init; }

    /// <summary>Whether it runs the throughput phase only.</summary>
    public bool ThroughputOnly { get; init; }
}

/// <summary>The kernels a run is made with: the CPU's own, or pinned to AVX2 through each library's own variable.</summary>
sealed record Isa(string Name, string Title, IReadOnlyDictionary<string, string> Environment, bool IsAvx2)
{
    public static Isa Native(string cpu) => new("native", $"native: the CPU's own ({cpu})", new Dictionary<string, string>(), cpu.StartsWith("AVX2", StringComparison.Ordinal));

    public static Isa Avx2(string cpu) => new("avx2", cpu.StartsWith("AVX2", StringComparison.Ordinal)
            ? "AVX2 (the CPU's own widest level; pinned as well)"
            : $"AVX2, pinned on a CPU with {cpu}: ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 OPENBLAS_CORETYPE=Haswell " +
              "(an AVX2 machine's arithmetic, bit for bit; this machine's cores, clocks and caches)",
        new Dictionary<string, string>
        {
            ["ATEN_CPU_CAPABILITY"] = "avx2",
            ["DNNL_MAX_CPU_ISA"] = "AVX2",
            ["MKL_ENABLE_INSTRUCTIONS"] = "AVX2",
            ["OPENBLAS_CORETYPE"] = "Haswell",
        }, IsAvx2: true);

    /// <summary>The widest SIMD level of this CPU, from /proc/cpuinfo: AVX512, AVX2, ... with +BF16 where it has AVX512_BF16.</summary>
    public static string CpuCapability()
    {
        var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet() ?? [];
        var level = flags.Contains("avx512f") && flags.Contains("avx512bw") && flags.Contains("avx512vl") ? "AVX512"
            : flags.Contains("avx2") && flags.Contains("fma") ? "AVX2" : "below AVX2";
        return flags.Contains("avx512_bf16") ? level + "+BF16" : level;
    }
}

/// <summary>Everything one instruction-set setting measured.</summary>
sealed record IsaRun(Isa Isa, PythonPeer Python, JsonObject Peak, IReadOnlyList<Contender> Contenders, IReadOnlyList<JsonObject> Results);

/// <summary>What the PyTorch peer's probe found: whether it runs, its version, BLAS library and kernels, or why not.</summary>
sealed record PythonPeer(bool Available, string Description, bool ReferenceBlas);

/// <summary>
/// A zoo network of the two-convolution family as the other contenders build it: <c>c1,k1,c2,k2,hidden,first|after</c>
/// (each convolution's channels and kernel, the hidden width, whether each max-pool comes right after its convolution).
/// </summary>
static class TwoConvShape
{
    /// <summary>The shape of <paramref name="model"/>; throws when its network is not of the family the contenders know.</summary>
    public static string Of(ZooModel model)
    {
        var layers = ((Chain)model.Network).Layers.Select(child => child.Layer).ToList();
        string Fail() => throw new ArgumentException($"bench.cs compares networks of two convolutions with batch norm (as fast); {model.Name} is not one.");
        if (layers.Count != 13) Fail();
        (int Channels, int Kernel, bool PoolFirst) Block(int at) => layers[at] is Conv2d { HasBias: false } conv && conv.KernelSize.Height == conv.KernelSize.Width
            ? (layers[at + 1], layers[at + 2], layers[at + 3]) switch
            {
                (MaxPool2d, BatchNorm2d, var relu) when relu.Equals(Nn.Relu) => (conv.OutChannels, conv.KernelSize.Height, true),
                (BatchNorm2d, var relu, MaxPool2d) when relu.Equals(Nn.Relu) => (conv.OutChannels, conv.KernelSize.Height, false),
                _ => (0, 0, false),
            }
            : (0, 0, false);
        var (first, second) = (Block(0), Block(4));
        if (first.Channels == 0 || second.Channels == 0 || first.PoolFirst != second.PoolFirst || layers[9] is not Linear { HasBias: false } hidden) return Fail();
        return $"{first.Channels},{first.Kernel},{second.Channels},{second.Kernel},{hidden.OutFeatures},{(first.PoolFirst ? "first" : "after")}";
    }
}

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
    public static PythonPeer Probe(string python, string script, IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            var (exitCode, output) = Execute(python, [script, "probe"], environment);
            if (exitCode != 0 || LastJsonLine(output) is not { } line)
                return new(false, $"{python} cannot import torch (Debian's python3-torch is not installed?): {output.Trim().Split('\n')[^1]}", ReferenceBlas: false);
            var package = Execute("dpkg-query", ["-W", "-f=${Version}", "python3-torch"], environment: null).Output.Trim();
            var blas = (string?)line["blas"] ?? "";
            return new(true, $"{line["engine"]}; Debian python3-torch {package}", ReferenceBlas: !blas.StartsWith("OpenBLAS", StringComparison.Ordinal));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new(false, $"{python} cannot be started ({e.Message})", ReferenceBlas: false);
        }
    }

    /// <summary>Runs one worker and returns its results; throws with its output when it fails.</summary>
    public static JsonObject Run(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var (exitCode, output) = Execute(file, arguments, environment);
        return exitCode == 0 && LastJsonLine(output) is { } line
            ? line
            : throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed with exit code {exitCode}:\n{output}");
    }

    /// <summary>This environment with <paramref name="name"/> set, or unchanged when <paramref name="value"/> is <see langword="null"/>.</summary>
    public static IReadOnlyDictionary<string, string> With(this IReadOnlyDictionary<string, string> environment, string name, string? value) =>
        value is null ? environment : new Dictionary<string, string>(environment) { [name] = value };

    private static JsonObject? LastJsonLine(string output) =>
        output.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.StartsWith('{')) is { } json ? JsonNode.Parse(json)?.AsObject() : null;

    private static (int ExitCode, string Output) Execute(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + errors.Result);
    }
}

/// <summary>Which way a goal points: an absolute bound on (a)'s figure, or a bound on its ratio to (b) or (c).</summary>
enum GoalKind { Absolute, RatioToImperative, RatioToPyTorch }

/// <summary>A goal of the issue: a bound on (a)'s figure or on its ratio to another contender.</summary>
sealed record Goal(GoalKind Kind, double Bound)
{
    public string Describe(bool higherIsBetter, string format) => (higherIsBetter ? "≥ " : "≤ ") + Kind switch
    {
        GoalKind.Absolute when format == "0.0%" => Bound.ToString("0%", CultureInfo.InvariantCulture),
        GoalKind.Absolute => Bound.ToString("0.0#", CultureInfo.InvariantCulture),
        GoalKind.RatioToImperative => $"{Bound:0.0#}× (b)",
        _ => $"{Bound:0.0#}× (c)",
    };
}

/// <summary>One row of the table: a figure of one phase (and model), how to show it, and the goals it has.</summary>
sealed record Figure(string Label, string Phase, string Model, string Key, string Format, bool HigherIsBetter, params Goal[] Goals);

/// <summary>The medians over the rounds and seeds of one instruction-set run, its tables, ratios and goals.</summary>
sealed class Report(IsaRun run, IReadOnlyDictionary<string, double> flops, IReadOnlyList<ZooModel> targetModels, double target)
{
    /// <summary>A smoke run: too few steps and images to hold against the goals, so the table does not.</summary>
    public bool Quick { get; init; }

    public IsaRun Run => run;

    // The goals of the issue, for a 2-core AVX2 machine: time to 99% ≤ 5 s with every seed reaching it, and ≤ 0.9× (b) and
    // ≤ 0.6× (c) on the same recipe (the quickest recipe, the first target model); pytorch-cnn training ≥ 1.0× (b) and at
    // ≥ 50% of the all-thread peak; the default model's training at ≥ 40% of it; peak RSS ≤ 1.0× (b); evaluating the
    // 10,000 test digits with the default model ≤ 0.25 s.
    public IReadOnlyList<Figure> Figures
    {
        get
        {
            var pytorchCnn = Zoo.PyTorchCnn.Name;
            var quickest = Zoo.Speedrun.Name;
            var rows = new List<Figure>
            {
                new("training, pytorch-cnn, samples/s", "throughput", pytorchCnn, "train_samples_per_second", "N0", HigherIsBetter: true, new Goal(GoalKind.RatioToImperative, 1.0)),
                new("training, pytorch-cnn, GFLOP/s", "throughput", pytorchCnn, "train_gflops", "F1", HigherIsBetter: true),
                new("training, pytorch-cnn, share of the all-thread peak", "throughput", pytorchCnn, "train_peak_share", "0.0%", HigherIsBetter: true, new Goal(GoalKind.Absolute, 0.5)),
                new("inference, pytorch-cnn, samples/s", "throughput", pytorchCnn, "inference_samples_per_second", "N0", HigherIsBetter: true),
                new("peak RSS, pytorch-cnn training + inference, MiB", "throughput", pytorchCnn, "peak_rss_mib", "N0", HigherIsBetter: false, new Goal(GoalKind.RatioToImperative, 1.0)),
            };
            foreach (var model in targetModels.Select(model => model.Name))
            {
                var isQuickest = model == quickest;
                var isDefault = model == Zoo.Default.Name;
                rows.Add(new($"time to {target:0.0%}, {model}: training + evaluations, s (median of seeds)", "time-to-99", model, "seconds", "F2", HigherIsBetter: false,
                    isQuickest ? [new Goal(GoalKind.Absolute, 5.0), new Goal(GoalKind.RatioToImperative, 0.9), new Goal(GoalKind.RatioToPyTorch, 0.6)] : []));
                rows.Add(new($"of which training, {model}, s", "time-to-99", model, "train_seconds", "F2", HigherIsBetter: false));
                rows.Add(new($"training, {model}, GFLOP/s", "time-to-99", model, "train_gflops", "F1", HigherIsBetter: true));
                rows.Add(new($"training, {model}, share of the all-thread peak", "time-to-99", model, "train_peak_share", "0.0%", HigherIsBetter: true,
                    isDefault ? [new Goal(GoalKind.Absolute, 0.4)] : []));
                rows.Add(new($"evaluating the test digits once, {model}, s", "time-to-99", model, "last_evaluation_seconds", "F2", HigherIsBetter: false,
                    isDefault ? [new Goal(GoalKind.Absolute, 0.25)] : []));
            }
            return rows;
        }
    }

    /// <summary>A worker's result in one line, for the progress log.</summary>
    public static string OneLine(JsonObject result) => (string)result["phase"]! == "throughput"
        ? $"train {(double)result["train_samples_per_second"]!,6:N0}/s  inference {(double)result["inference_samples_per_second"]!,6:N0}/s  peak RSS {(double)result["peak_rss_mib"]!,5:N0} MiB"
        : $"{((bool)result["reached"]! ? "reached" : "NOT reached")} {(double)result["accuracy"]!:0.00%} after {(int)result["epochs"]!} epoch(s) in {(double)result["seconds"]!:F2} s " +
          $"(training {(double)result["train_seconds"]!:F2} s, last evaluation {(double)result["last_evaluation_seconds"]!:F2} s)";

    /// <summary>The peak probe's result in one line.</summary>
    public static string PeakLine(JsonObject peak) =>
        $"float32 matrix products {peak["size"]}³ with {peak["kernels"]} kernels: {(double)peak["single_thread_gflops"]!:F1} GFLOP/s on one thread, {(double)peak["all_threads_gflops"]!:F1} GFLOP/s on {peak["threads"]}" +
        (peak["bfloat16_all_threads_gflops"] is { } bf16 ? $"; bfloat16 {(double)bf16:F1} GFLOP/s on {peak["threads"]}" : "");

    /// <summary>The load averages over 1, 5 and 15 minutes, from /proc/loadavg.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>The processor's model name, from /proc/cpuinfo.</summary>
    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    /// <summary>Why this run's goals are not judged, or <see langword="null"/> when they are.</summary>
    public string? NotJudged => Quick ? "a quick smoke run (--quick)"
        : !run.Isa.IsAvx2 ? $"the goals are for AVX2 machines; these kernels are {run.Isa.Name} (see the AVX2 run)"
        : null;

    /// <summary>Why goals against (c) are not judged, or <see langword="null"/> when they are.</summary>
    public string? PyTorchNotJudged => !run.Python.Available ? "the PyTorch peer did not run"
        : run.Python.ReferenceBlas ? "the PyTorch peer runs on reference BLAS, not at its best: install libopenblas0-pthread (sudo apt-get install libopenblas0-pthread)"
        : null;

    /// <summary>This run's part of bench.md: how it ran, the table of figures and goals, and the seeds.</summary>
    public string Section() => new StringBuilder()
        .AppendLine()
        .AppendLine($"## Kernels: {run.Isa.Title}")
        .AppendLine()
        .AppendLine($"- peak: {PeakLine(run.Peak)}")
        .Append((double)run.Peak["all_threads_gflops"]! < (double)run.Peak["single_thread_gflops"]!
            ? $"- note: the all-thread peak came out below the one-thread peak, so the machine was busy during the probe; the shares of it below are overstated{Environment.NewLine}" : "")
        .AppendLine($"- the contenders ran on")
        .Append(Engines())
        .Append(SamePolicyNote())
        .Append(run.Python.Available ? "" : $"- (c) PyTorch left out: {run.Python.Description}{Environment.NewLine}")
        .Append(NotJudged is { } why ? $"- goals not judged: {why}{Environment.NewLine}" : "")
        .Append(NotJudged is null && PyTorchNotJudged is { } whyNot ? $"- goals against (c) not judged: {whyNot}{Environment.NewLine}" : "")
        .AppendLine()
        .AppendLine(Table())
        .AppendLine()
        .AppendLine(SeedTable())
        .ToString();

    /// <summary>What each contender ran on, as its first worker reported it: one markdown list item each.</summary>
    public string Engines() => string.Concat(run.Contenders
        .Select(contender => (contender, Of(contender, "throughput", Zoo.PyTorchCnn.Name).Concat(Of(contender, "time-to-99")).FirstOrDefault()))
        .Where(pair => pair.Item2 is not null).Select(pair =>
        $"  - {pair.contender.Title}: {pair.Item2!["engine"]}; OMP_WAIT_POLICY {pair.Item2!["omp_wait_policy"]}{(pair.Item2!["gomp_spincount"] is { } spin ? $", GOMP_SPINCOUNT {spin}" : "")}{Environment.NewLine}"));

    /// <summary>A note when (a) chose PASSIVE by itself (the machine was busy as it started), so that its two columns ran the same setting.</summary>
    public string SamePolicyNote() =>
        run.Contenders.Any(contender => contender.WaitPolicy == "PASSIVE") && Of(run.Contenders[0], "throughput", Zoo.PyTorchCnn.Name).Any(result => (string?)result["omp_wait_policy"] == "PASSIVE")
            ? $"- note: (a) found the machine busy as it started and chose OMP_WAIT_POLICY=PASSIVE itself in at least one round, so its two columns ran the same setting there{Environment.NewLine}"
            : "";

    /// <summary>The median of every figure for every contender; time to the target only over the seeds that reached it.</summary>
    public JsonObject Medians() => new(run.Contenders.Select(contender => KeyValuePair.Create(contender.Name,
        (JsonNode?)new JsonObject(Figures.Select(figure => KeyValuePair.Create(Key(figure), (JsonNode?)Median(contender, figure)))))));

    /// <summary>The key of a figure in <see cref="Medians"/>: <c>time-to-99.fast.seconds</c>.</summary>
    public static string Key(Figure figure) => $"{figure.Phase}.{figure.Model}.{figure.Key}";

    /// <summary>Whether (a) meets every goal of <paramref name="figure"/>: <see langword="null"/> when it has none or they are not judged here.</summary>
    public (bool? Met, string Text) Verdict(Figure figure)
    {
        if (figure.Goals.Length == 0)
            return (null, "");
        if (NotJudged is not null)
            return (null, $"not judged ({(Quick ? "--quick" : "not AVX2")})");
        if (!Of(run.Contenders[0], figure.Phase, figure.Model).Any())
            return (null, "not measured in this run (--phases)");
        var mine = Median(run.Contenders[0], figure);
        var verdicts = figure.Goals.Select(goal =>
        {
            if (goal.Kind == GoalKind.RatioToPyTorch && PyTorchNotJudged is not null)
                return (bool?)null;
            var value = goal.Kind switch
            {
                GoalKind.Absolute => mine,
                GoalKind.RatioToImperative => Ratio(mine, Median(Peer("imperative"), figure)),
                _ => Ratio(mine, Median(Peer("pytorch"), figure)),
            };
            return value is { } v && (figure.Key != "seconds" || EverySeedReached(figure.Model)) ? (figure.HigherIsBetter ? v >= goal.Bound : v <= goal.Bound) : false;
        }).ToList();
        var parts = figure.Goals.Zip(verdicts, (goal, met) => $"{goal.Describe(figure.HigherIsBetter, figure.Format)}: {(met is null ? "not judged" : met.Value ? "yes" : "no")}");
        var judged = verdicts.Where(met => met is not null).ToList();
        return (judged.Count == 0 ? null : judged.All(met => met!.Value), string.Join("; ", parts));
    }

    /// <summary>The markdown table: one row per figure, a column per contender, the ratios of (a) to (b) and (c), the goals.</summary>
    public string Table()
    {
        var contenders = run.Contenders;
        var peers = contenders.Where(contender => !contender.ThroughputOnly).Skip(1).ToList();
        var head = $"| figure | {string.Join(" | ", contenders.Select(c => c.Title))} | {string.Join(" | ", peers.Select(c => $"(a)/{c.Title[..3]}"))} | goals for (a): met |";
        var rule = $"|---|{string.Concat(contenders.Select(_ => "---:|"))}{string.Concat(peers.Select(_ => "---:|"))}---|";
        var rows = Figures.Select(figure =>
        {
            var values = contenders.Select(contender => Median(contender, figure)).ToList();
            var cells = values.Select((value, i) => Cell(figure, value, contenders[i]));
            var ratios = peers.Select(peer => figure.Format == "0.0%" ? "" : Ratio(values[0], Median(peer, figure)) is { } r ? $"{r:F2}×" : "");
            return $"| {figure.Label} | {string.Join(" | ", cells)} | {string.Join(" | ", ratios)} | {Verdict(figure).Text} |";
        });
        return string.Join(Environment.NewLine, [head, rule, .. rows]) + Environment.NewLine + Environment.NewLine +
               "Ratios are (a) divided by the other: above 1 is better for samples/s and GFLOP/s, below 1 for seconds and MiB. " +
               "A time-to-target goal counts as met only when every seed reached the target.";
    }

    /// <summary>The time to the target seed by seed, for each model and contender: how many seeds reached it, accuracy and seconds with mean ± sd and minimum.</summary>
    public string SeedTable()
    {
        var rows = targetModels.SelectMany(model => run.Contenders.Where(contender => !contender.ThroughputOnly).Select(contender =>
        {
            var runs = Of(contender, "time-to-99", model.Name).OrderBy(result => (long)result["seed"]!).ToList();
            var accuracy = Spread(runs.Select(result => (double)result["accuracy"]!).ToList());
            var seconds = Spread(runs.Select(result => (double)result["seconds"]!).ToList());
            var bySeed = string.Join(", ", runs.Select(result => $"{(double)result["seconds"]!:F2}{((bool)result["reached"]! ? "" : " (not reached)")}"));
            return $"| {model.Name} | {contender.Title} | {runs.Count(result => (bool)result["reached"]!)} of {runs.Count} | " +
                   $"{accuracy.Mean:0.00%}{(runs.Count > 1 ? $" ± {accuracy.Sd * 100:F2}" : " (one seed)")} | {accuracy.Min:0.00%} | " +
                   $"{seconds.Mean:F2}{(runs.Count > 1 ? $" ± {seconds.Sd:F2}" : "")} | {seconds.Min:F2} | {bySeed} |";
        }));
        return $"| time to {target:0.0%} | contender | seeds reaching it | test accuracy, mean ± sd (points) | minimum | seconds, mean ± sd | minimum | seconds, seed by seed |" + Environment.NewLine +
               "|---|---|---:|---:|---:|---:|---:|---|" + Environment.NewLine + string.Join(Environment.NewLine, rows);
    }

    /// <summary>The median of a figure for one contender; time to the target only over the seeds that reached it.</summary>
    public double? Median(Contender contender, Figure figure)
    {
        var values = Of(contender, figure.Phase, figure.Model)
            .Where(result => figure.Key != "seconds" || (bool)result["reached"]!)
            .Select(result => Value(result, figure)).Order().ToList();
        return values.Count == 0 ? null : values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    private bool EverySeedReached(string model) =>
        run.Contenders.Take(1).SelectMany(contender => Of(contender, "time-to-99", model)).All(result => (bool)result["reached"]!);

    private Contender Peer(string name) => run.Contenders.FirstOrDefault(contender => contender.Name == name) ?? run.Contenders[0] with { Name = "(absent)" };

    private static double? Ratio(double? mine, double? theirs) => mine is { } a && theirs is { } b && b != 0 ? a / b : null;

    private static (double Mean, double Sd, double Min) Spread(List<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN, double.NaN);
        var mean = values.Average();
        var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, sd, values.Min());
    }

    private string Cell(Figure figure, double? value, Contender contender)
    {
        var runs = Of(contender, figure.Phase, figure.Model).ToList();
        if (runs.Count == 0)
            return "";
        if (figure.Key == "seconds" && value is null)
            return $"not reached ({runs.Select(result => (double)result["accuracy"]!).Max():0.00%} at best)";
        var text = value is { } v ? v.ToString(figure.Format, CultureInfo.InvariantCulture) : "";
        if (figure.Key != "seconds")
            return text;
        var reached = runs.Count(result => (bool)result["reached"]!);
        return reached < runs.Count ? $"{text} (reached in {reached} of {runs.Count} seeds)" : text;
    }

    // The derived figures: GFLOP/s from samples/s and the network's training FLOPs, and their share of the measured peak.
    private double Value(JsonObject result, Figure figure) => figure.Key switch
    {
        "train_gflops" when figure.Phase == "throughput" => (double)result["train_samples_per_second"]! * flops[figure.Model] / 1e9,
        "train_gflops" => (double)result["train_samples_seen"]! * flops[figure.Model] / (double)result["train_seconds"]! / 1e9,
        "train_peak_share" => Value(result, figure with { Key = "train_gflops" }) / (double)run.Peak["all_threads_gflops"]!,
        _ => (double)result[figure.Key]!,
    };

    private IEnumerable<JsonObject> Of(Contender contender, string phase, string? model = null) =>
        run.Results.Where(result => (string)result["contender"]! == contender.Name && (string)result["phase"]! == phase &&
                                    (model is null || (string?)result["model"] == model));
}

/// <summary>This run against an earlier full one (--previous): every figure of (a) and its ratio to (b), side by side, and where they disagree.</summary>
static class Comparison
{
    public static string Against(JsonObject previous, string path, IReadOnlyList<Report> reports)
    {
        var text = new StringBuilder().AppendLine($"## Against the earlier run {path}").AppendLine();
        foreach (var report in reports)
        {
            var earlier = previous["isa_runs"]?.AsArray().Select(node => node!.AsObject()).FirstOrDefault(node => (string?)node["isa"] == report.Run.Isa.Name);
            if (earlier?["medians"] is not JsonObject medians)
            {
                text.AppendLine($"- kernels {report.Run.Isa.Name}: the earlier run has none to compare with").AppendLine();
                continue;
            }
            text.AppendLine($"Kernels {report.Run.Isa.Name}: (a)'s medians and (a)/(b), this run and the earlier one; \"disagree\" where one meets a goal the other misses, or (a)/(b) falls on different sides of 1.")
                .AppendLine()
                .AppendLine("| figure | (a) now | (a) earlier | (a)/(b) now | (a)/(b) earlier | |")
                .AppendLine("|---|---:|---:|---:|---:|---|");
            foreach (var figure in report.Figures)
            {
                var key = Report.Key(figure);
                double? Earlier(string contender) => (double?)medians[contender]?[key];
                var (mineNow, theirsNow) = (report.Median(report.Run.Contenders[0], figure), report.Run.Contenders.FirstOrDefault(c => c.Name == "imperative") is { } b ? report.Median(b, figure) : null);
                var (mineThen, theirsThen) = (Earlier("functional"), Earlier("imperative"));
                double? Ratio(double? a, double? b) => a is { } x && b is { } y && y != 0 ? x / y : null;
                var (ratioNow, ratioThen) = (Ratio(mineNow, theirsNow), Ratio(mineThen, theirsThen));
                var sideNow = ratioNow is { } r1 ? (figure.HigherIsBetter ? r1 >= 1 : r1 <= 1) : (bool?)null;
                var sideThen = ratioThen is { } r2 ? (figure.HigherIsBetter ? r2 >= 1 : r2 <= 1) : (bool?)null;
                var goalsDiffer = figure.Goals.Any(goal => goal.Kind == GoalKind.Absolute) && mineNow is { } n && mineThen is { } t &&
                                  figure.Goals.Where(goal => goal.Kind == GoalKind.Absolute).Any(goal => (figure.HigherIsBetter ? n >= goal.Bound : n <= goal.Bound) != (figure.HigherIsBetter ? t >= goal.Bound : t <= goal.Bound));
                var disagree = goalsDiffer || (sideNow is not null && sideThen is not null && sideNow != sideThen) ? "disagree" : "";
                string Show(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";
                text.AppendLine($"| {figure.Label} | {Show(mineNow, figure.Format)} | {Show(mineThen, figure.Format)} | {(figure.Format == "0.0%" ? "" : Show(ratioNow, "F2"))} | {(figure.Format == "0.0%" ? "" : Show(ratioThen, "F2"))} | {disagree} |");
            }
            text.AppendLine();
        }
        return text.ToString();
    }
}
