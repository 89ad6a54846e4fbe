#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// One contender of scripts/bench.cs, run in a process of its own so that its peak memory is its own.
// It measures one phase and prints one JSON line (the last line of its output):
//
//   throughput   trains PyTorch's examples/mnist CNN (the zoo's pytorch-cnn, Adadelta lr 1.0) on real
//                MNIST: warm-up steps, then timed steps -> training samples/s; then evaluates the 10,000
//                test images, a warm-up pass then timed passes -> inference samples/s; peak RSS (VmHWM).
//   peak         no data: the float32 (and, with AVX512_BF16, bfloat16) matrix-product rate of one thread and of
//                --threads threads, best of several products of --size³ -> the machine's practical limit
//   time-to-99   trains a zoo network of two convolutions (--model: `fast`, `speedrun`; --architecture gives its shape
//                to the imperative contender) with its recipe (--optimizer sgd with Nesterov momentum 0.9 or adam with
//                --beta1/--beta2; weight decay, one-cycle learning rate, label smoothing), evaluating the test images after
//                each epoch, until an evaluation shows the target accuracy -> wall time of training plus those evaluations.
//
// The contenders written here, each the same network, data, batch size and thread count:
//   functional   Mnist.Functional: zoo models, Train.Fit with an observer, Evaluator.Predict.
//   imperative   TorchSharp as its users usually write it: an nn.Module subclass, torch.optim, train()/eval(),
//                torch.no_grad(); batches drawn by indexing the same uint8 tensors (the library only loads them).
//
//   dotnet run -c Release scripts/bench-worker.cs -- functional throughput --threads 2 --batch-size 64 \
//       --warm-up-steps 20 --steps 300 --evaluation-batch-size 250 --inference-passes 3 --seed 1
//   dotnet run -c Release scripts/bench-worker.cs -- imperative time-to-99 --model fast --architecture 16,5,32,5,64,after \
//       --threads 2 --batch-size 128 --epochs 1 --optimizer sgd --learning-rate 0.2 --weight-decay 0.0005 \
//       --label-smoothing 0.1 --target 0.99 --evaluation-batch-size 250 --seed 1
//
// (--train-limit N trains on the first N training images only, --test-limit N evaluates the first N test
// images only: for a quick smoke run.)
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;
using TorchSharp;
using static TorchSharp.torch;

CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var (contender, phase, settings) = (args[0], args[1], Settings.Parse(args[2..]));

// Each contender starts the engine its own way: ours through Engine.Start (thread count, malloc thresholds,
// sleeping OpenMP threads), the imperative one with torch.set_num_threads alone.
if (phase == "peak")
{
    var info = Engine.Start(EngineOptions.ForTraining.WithThreads(settings.Threads));
    var kernels = Measure.Kernels(info.CpuCapability);
    var pinned = Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY") is not null;
    var peak = Measure.Peak(settings.Int("size"), settings.Threads, bfloat16: !pinned && info.CpuCapability.Contains("BF16", StringComparison.Ordinal));
    peak["cpu_capability"] = info.CpuCapability;
    peak["kernels"] = kernels;
    peak["engine"] = info.Describe();
    Console.WriteLine(peak.ToJsonString());
    return;
}

var engine = contender switch
{
    "functional" => Engine.Start(EngineOptions.ForTraining.WithThreads(settings.Threads)).Describe(),
    "imperative" => StartPlainTorchSharp(settings.Threads),
    _ => throw new ArgumentException($"Unknown contender '{contender}': functional or imperative."),
};
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
using var limitedTest = settings.TestLimit > 0 ? mnist.Test.Take(arange(settings.TestLimit)) : null;
var test = limitedTest ?? mnist.Test;

object figures = (contender, phase) switch
{
    ("functional", "throughput") => Functional.Throughput(mnist, test, settings),
    ("functional", "time-to-99") => Functional.TimeToTarget(mnist, test, settings),
    ("imperative", "throughput") => Imperative.Throughput(mnist, test, settings),
    ("imperative", "time-to-99") => Imperative.TimeToTarget(mnist, test, settings),
    _ => throw new ArgumentException($"Unknown phase '{phase}': throughput or time-to-99."),
};

var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
var line = (JsonObject)JsonSerializer.SerializeToNode(figures, json)!;
line["contender"] = contender;
line["phase"] = phase;
line["engine"] = $"{engine}; kernels: {Measure.Kernels()}";
line["threads"] = get_num_threads();
line["omp_wait_policy"] = Measure.NativeEnvironment("OMP_WAIT_POLICY") ?? "(libgomp default)";
line["gomp_spincount"] = Measure.NativeEnvironment("GOMP_SPINCOUNT");
line["seed"] = settings.Seed;
line["model"] = phase == "time-to-99" ? settings.Model : Zoo.PyTorchCnn.Name;
line["peak_rss_mib"] = Measure.PeakRssMib();
Console.WriteLine(line.ToJsonString());

static string StartPlainTorchSharp(int threads)
{
    set_num_threads(threads);
    var torchSharp = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(torch).Assembly)?.InformationalVersion.Split('+')[0] ?? "?";
    return $"TorchSharp {torchSharp} (libtorch {Version.Parse(__version__).ToString(3)}), plain: torch.set_num_threads({threads}), glibc and OpenMP defaults";
}

/// <summary>The settings bench.cs passes, as <c>--name value</c> pairs.</summary>
sealed record Settings(IReadOnlyDictionary<string, string> Values)
{
    public static Settings Parse(string[] args) =>
        new(Enumerable.Range(0, args.Length / 2).ToDictionary(i => args[2 * i].TrimStart('-'), i => args[2 * i + 1]));

    public int Threads => Int("threads");
    public int BatchSize => Int("batch-size");
    public int WarmUpSteps => Int("warm-up-steps");
    public int Steps => Int("steps");
    public int EvaluationBatchSize => Int("evaluation-batch-size");
    public int InferencePasses => Int("inference-passes");
    public int Epochs => Int("epochs");
    public int TrainLimit => Values.ContainsKey("train-limit") ? Int("train-limit") : 0;
    public int TestLimit => Values.ContainsKey("test-limit") ? Int("test-limit") : 0;
    public double LearningRate => Double("learning-rate");
    public double WeightDecay => Double("weight-decay");
    public double LabelSmoothing => Double("label-smoothing");
    public double Target => Double("target");
    public string Model => Values["model"];
    public string Optimizer => Values["optimizer"];
    public double Beta1 => Double("beta1");
    public double Beta2 => Double("beta2");
    public TwoConvShape Architecture => TwoConvShape.Parse(Values["architecture"]);
    public long Seed => Int("seed");

    /// <summary>Throws unless the warm-up and timed steps fit in one epoch of full batches of <paramref name="trainCount"/> items.</summary>
    public void CheckStepsFitOneEpoch(long trainCount)
    {
        if (WarmUpSteps + Steps > trainCount / BatchSize)
            throw new ArgumentException($"{WarmUpSteps} warm-up and {Steps} timed steps of {BatchSize} do not fit in one epoch of {trainCount} items.");
    }

    public int Int(string name) => int.Parse(Values[name], CultureInfo.InvariantCulture);
    private double Double(string name) => double.Parse(Values[name], CultureInfo.InvariantCulture);
}

/// <summary>What the throughput phase measures.</summary>
sealed record ThroughputFigures(double TrainSamplesPerSecond, double InferenceSamplesPerSecond, double InferenceAccuracy, int TimedSteps, int InferencePasses);

/// <summary>What the time-to-target phase measures; the seconds are wall time from creating the model.</summary>
sealed record TargetFigures(bool Reached, double Target, int Epochs, double Seconds, double TrainSeconds, double EvaluationSeconds, double LastEvaluationSeconds, double Accuracy, long TrainSamplesSeen);

/// <summary>Clocks a run that trains, then evaluates, epoch after epoch, until the test accuracy reaches the target.</summary>
sealed class TargetClock(double target)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan epochStart, trainedAt, training, evaluating, lastEvaluation;
    private int epochs;
    private double accuracy;
    private long samples;

    /// <summary>Whether the last evaluation reached the target.</summary>
    public bool Reached => accuracy >= target;

    /// <summary>Marks the end of a training step of <c>batchSize</c> samples (the last call before an evaluation ends the epoch's training).</summary>
    public void Trained(long batchSize)
    {
        trainedAt = clock.Elapsed;
        samples += batchSize;
    }

    /// <summary>Marks the end of the evaluation that followed; returns whether it reached the target.</summary>
    public bool Evaluated(double testAccuracy)
    {
        var now = clock.Elapsed;
        (training, lastEvaluation) = (training + (trainedAt - epochStart), now - trainedAt);
        (evaluating, epochStart, accuracy, epochs) = (evaluating + lastEvaluation, now, testAccuracy, epochs + 1);
        return Reached;
    }

    public TargetFigures Figures() => new(Reached, target, epochs, (training + evaluating).TotalSeconds, training.TotalSeconds,
        evaluating.TotalSeconds, lastEvaluation.TotalSeconds, accuracy, samples);
}

static partial class Measure
{
    /// <summary>Runs <paramref name="evaluate"/> once to warm up, then <paramref name="passes"/> times; the median time and the accuracy.</summary>
    public static (double Seconds, double Accuracy) Inference(Func<double> evaluate, int passes)
    {
        evaluate();
        var runs = Enumerable.Range(0, passes).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            var accuracy = evaluate();
            return (Seconds: clock.Elapsed.TotalSeconds, Accuracy: accuracy);
        }).OrderBy(run => run.Seconds).ToList();
        return runs[runs.Count / 2];
    }

    private static readonly string[] KernelPins = ["ATEN_CPU_CAPABILITY", "DNNL_MAX_CPU_ISA", "MKL_ENABLE_INSTRUCTIONS"];

    /// <summary>
    /// The instruction set libtorch's kernels run with: the CPU's own (<paramref name="cpuCapability"/>), or the level
    /// ATEN_CPU_CAPABILITY pins them to, with oneDNN's DNNL_MAX_CPU_ISA and MKL's MKL_ENABLE_INSTRUCTIONS beside it.
    /// </summary>
    public static string Kernels(string? cpuCapability = null)
    {
        var pins = KernelPins.Select(name => (Name: name, Value: Environment.GetEnvironmentVariable(name))).Where(pin => pin.Value is not null).ToList();
        var cpu = cpuCapability is null ? "" : $" on a CPU with {cpuCapability}";
        return pins.Count == 0 ? cpuCapability ?? "the CPU's own"
            : $"{Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY")?.ToUpperInvariant() ?? "the CPU's own"} (pinned{cpu}: {string.Join(' ', pins.Select(pin => $"{pin.Name}={pin.Value}"))})";
    }

    /// <summary>A variable of the environment native code sees (Engine.Start sets some with setenv, which .NET's own view misses).</summary>
    public static string? NativeEnvironment(string name) => Marshal.PtrToStringUTF8(GetEnvironment(System.Text.Encoding.UTF8.GetBytes(name + '\0')));

    /// <summary>Float32 (and bfloat16) matrix products of <paramref name="size"/>³ on one thread and on <paramref name="threads"/>: the best GFLOP/s of 10.</summary>
    public static JsonObject Peak(int size, int threads, bool bfloat16)
    {
        double Rate(ScalarType type, int threadCount)
        {
            set_num_threads(threadCount);
            using var scope = NewDisposeScope();
            var (a, b) = (randn(size, size).to(type), randn(size, size).to(type));
            mm(a, b);   // warm-up: packing buffers, thread start
            var best = double.MaxValue;
            for (var i = 0; i < 10; i++)
            {
                var clock = Stopwatch.StartNew();
                mm(a, b).Dispose();
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            return 2.0 * size * size * size / best / 1e9;
        }

        var peak = new JsonObject
        {
            ["size"] = size,
            ["threads"] = threads,
            ["single_thread_gflops"] = Rate(ScalarType.Float32, 1),
            ["all_threads_gflops"] = Rate(ScalarType.Float32, threads),
        };
        if (bfloat16) peak["bfloat16_all_threads_gflops"] = Rate(ScalarType.BFloat16, threads);
        set_num_threads(threads);
        return peak;
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnvironment(byte[] name);

    /// <summary>This process's peak resident set size (the kernel's high-water mark, VmHWM), in MiB.</summary>
    public static double PeakRssMib() =>
        File.ReadLines("/proc/self/status").Where(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(line => double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024).First();
}

/// <summary>(a) The library as its guides show it: zoo models and recipes run by the library's pipeline (Run.Execute) with observers, Evaluator.Predict.</summary>
static class Functional
{
    public static ThroughputFigures Throughput(Dataset mnist, Split test, Settings settings)
    {
        settings.CheckStepsFitOneEpoch(mnist.Train.Count);
        var model = Zoo.PyTorchCnn;
        var spec = new RunSpec(model, mnist.Info, model.Recipe with { BatchSize = settings.BatchSize, Epochs = 1 }, settings.Seed)
        {
            TestEachEpoch = false,
            TestItems = test.Count < mnist.Test.Count ? test.Count : null,
        };
        var timer = new StepTimer(settings.WarmUpSteps, settings.WarmUpSteps + settings.Steps);
        using var run = Run.Execute(spec, mnist, new RunOptions { Observers = [timer], EvaluationBatchSize = settings.EvaluationBatchSize });
        var state = run.State!;

        var (seconds, accuracy) = Measure.Inference(
            () => Evaluator.Predict(model.Network, state.Variables, test.Images, test.Labels, mnist.Info.ClassNames,
                settings.EvaluationBatchSize, mnist.Preprocessing).Accuracy,
            settings.InferencePasses);
        return new(settings.Steps * settings.BatchSize / timer.Seconds, test.Count / seconds, accuracy, settings.Steps, settings.InferencePasses);
    }

    public static TargetFigures TimeToTarget(Dataset mnist, Split test, Settings settings)
    {
        var model = Zoo.Find(settings.Model);
        var recipe = model.Recipe with { LearningRate = settings.LearningRate, WeightDecay = settings.WeightDecay, LabelSmoothing = settings.LabelSmoothing, BatchSize = settings.BatchSize, Epochs = settings.Epochs };
        if (ByName.Name(recipe.Optimizer) != settings.Optimizer)
            throw new ArgumentException($"{model.Name} trains with {ByName.Name(recipe.Optimizer)}, not {settings.Optimizer}.");
        var spec = new RunSpec(model, mnist.Info, recipe, settings.Seed)
        {
            TrainItems = settings.TrainLimit > 0 ? settings.TrainLimit : null,
            TestItems = test.Count < mnist.Test.Count ? test.Count : null,
        };
        var clock = new TargetClock(settings.Target);
        using var run = Run.Execute(spec, mnist, new RunOptions { Observers = [new TargetWatch(clock)], EvaluationBatchSize = settings.EvaluationBatchSize, KeepState = false });
        return clock.Figures();
    }

    /// <summary>Times the steps after the warm-up and stops the run when they are done.</summary>
    private sealed class StepTimer(int warmUpSteps, int lastStep) : ITrainingObserver
    {
        private readonly Stopwatch clock = new();

        public double Seconds => clock.Elapsed.TotalSeconds;

        public Verdict OnStep(StepReport report)
        {
            if (report.Step == warmUpSteps) clock.Start();
            if (report.Step < lastStep) return Verdict.Continue;
            clock.Stop();
            return Verdict.Stop("the timed steps are done");
        }
    }

    /// <summary>Feeds the clock and stops the run at the first epoch whose test accuracy reaches the target.</summary>
    private sealed class TargetWatch(TargetClock clock) : ITrainingObserver
    {
        private long samplesBefore;

        public Verdict OnStep(StepReport report)
        {
            if (report.Batch == 1) samplesBefore = 0;
            clock.Trained(report.Progress.Samples - samplesBefore);
            samplesBefore = report.Progress.Samples;
            return Verdict.Continue;
        }

        public Verdict OnEpoch(EpochReport report) =>
            clock.Evaluated(report.Record.TestAccuracy ?? 0) ? Verdict.Stop("the target accuracy is reached") : Verdict.Continue;
    }
}

/// <summary>(b) The same networks and recipes written the usual imperative TorchSharp way.</summary>
static class Imperative
{
    public static ThroughputFigures Throughput(Dataset mnist, Split test, Settings settings)
    {
        settings.CheckStepsFitOneEpoch(mnist.Train.Count);
        var train = new Batches(mnist.Train.Images, mnist.Train.Labels, mnist.Stats, settings.Seed);
        manual_seed(settings.Seed);
        using var net = new PyTorchCnn();
        using var optimizer = optim.Adadelta(net.parameters(), lr: 1.0);
        var clock = new Stopwatch();
        var step = 0;
        net.train();
        foreach (var indices in train.Shuffled(settings.BatchSize, epoch: 0).Take(settings.WarmUpSteps + settings.Steps))
        {
            Step(net, optimizer, train.Load, indices, (output, labels) => nn.functional.nll_loss(output, labels));
            if (++step == settings.WarmUpSteps) clock.Start();
        }
        clock.Stop();

        var testBatches = new Batches(test.Images, test.Labels, mnist.Stats, settings.Seed);
        var (seconds, accuracy) = Measure.Inference(() => Evaluate(net, testBatches, settings.EvaluationBatchSize), settings.InferencePasses);
        return new(settings.Steps * settings.BatchSize / clock.Elapsed.TotalSeconds, test.Count / seconds, accuracy, settings.Steps, settings.InferencePasses);
    }

    public static TargetFigures TimeToTarget(Dataset mnist, Split test, Settings settings)
    {
        var count = settings.TrainLimit > 0 ? settings.TrainLimit : mnist.Train.Count;
        using var trainImages = mnist.Train.Images.narrow(0, 0, count);
        using var trainLabels = mnist.Train.Labels.narrow(0, 0, count);
        var train = new Batches(trainImages, trainLabels, mnist.Stats, settings.Seed);
        var testBatches = new Batches(test.Images, test.Labels, mnist.Stats, settings.Seed);
        var stepsPerEpoch = (int)((count + settings.BatchSize - 1) / settings.BatchSize);

        var clock = new TargetClock(settings.Target);
        manual_seed(settings.Seed);
        using var net = new TwoConvCnn(settings.Architecture);
        using var optimizer = settings.Optimizer switch
        {
            "sgd" => optim.SGD(net.parameters(), settings.LearningRate, momentum: 0.9, weight_decay: settings.WeightDecay, nesterov: true),
            "adam" => (optim.Optimizer)optim.Adam(net.parameters(), settings.LearningRate, settings.Beta1, settings.Beta2, weight_decay: settings.WeightDecay),
            _ => throw new ArgumentException($"Unknown optimizer '{settings.Optimizer}': sgd or adam."),
        };
        var scheduler = optim.lr_scheduler.OneCycleLR(optimizer, settings.LearningRate, total_steps: settings.Epochs * stepsPerEpoch, cycle_momentum: false);
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            net.train();
            foreach (var indices in train.Shuffled(settings.BatchSize, epoch))
            {
                Step(net, optimizer, train.Load, indices, (output, labels) => nn.functional.cross_entropy(output, labels, label_smoothing: settings.LabelSmoothing));
                scheduler.step();
                clock.Trained(indices.shape[0]);
            }
            if (clock.Evaluated(Evaluate(net, testBatches, settings.EvaluationBatchSize))) break;
        }
        return clock.Figures();
    }

    /// <summary>One training step, in a dispose scope: load the batch, zero_grad, forward, loss, backward, optimizer step.</summary>
    private static void Step(nn.Module<Tensor, Tensor> net, optim.Optimizer optimizer, Func<Tensor, (Tensor, Tensor)> load, Tensor indices, Func<Tensor, Tensor, Tensor> lossOf)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = load(indices);
        optimizer.zero_grad();
        var loss = lossOf(net.forward(images), labels);
        loss.backward();
        optimizer.step();
        loss.item<float>();
    }

    /// <summary>Test accuracy in evaluation mode with no graph, batch by batch.</summary>
    private static double Evaluate(nn.Module<Tensor, Tensor> net, Batches test, int batchSize)
    {
        net.eval();
        using var noGrad = no_grad();
        long correct = 0;
        foreach (var indices in test.InOrder(batchSize))
        {
            using var scope = NewDisposeScope();
            var (images, labels) = test.Load(indices);
            correct += net.forward(images).argmax(1).eq(labels).sum().item<long>();
        }
        return (double)correct / test.Count;
    }

    /// <summary>Batches of a split: index slices in shuffled or stored order, and the normalised images and labels they pick.</summary>
    private sealed class Batches(Tensor images, Tensor labels, PixelStats stats, long seed)
    {
        public long Count => labels.shape[0];

        /// <summary>Slices of a permutation drawn for <paramref name="epoch"/>; each is freed when the loop moves on.</summary>
        public IEnumerable<Tensor> Shuffled(int batchSize, int epoch)
        {
            using var generator = new Generator((ulong)(seed + epoch));
            using var order = randperm(Count, generator: generator);
            foreach (var slice in Slices(order, batchSize)) yield return slice;
        }

        /// <summary>Slices of <c>0 .. Count-1</c> in order.</summary>
        public IEnumerable<Tensor> InOrder(int batchSize)
        {
            using var order = arange(Count);
            foreach (var slice in Slices(order, batchSize)) yield return slice;
        }

        /// <summary>The items at <paramref name="indices"/>: <c>[B, 1, 28, 28] float32</c> as <c>(x / 255 − mean) / std</c>, and <c>[B] int64</c>.</summary>
        public (Tensor Images, Tensor Labels) Load(Tensor indices) =>
            (images.index_select(0, indices).to(float32).div_(255).sub_(stats.Mean).div_(stats.Std).unsqueeze(1), labels.index_select(0, indices));

        private IEnumerable<Tensor> Slices(Tensor order, int batchSize)
        {
            for (long start = 0; start < Count; start += batchSize)
            {
                using var slice = order.narrow(0, start, Math.Min(batchSize, Count - start));
                yield return slice;
            }
        }
    }

    /// <summary>PyTorch's examples/mnist network.</summary>
    private sealed class PyTorchCnn : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Conv2d conv1 = nn.Conv2d(1, 32, 3);
        private readonly TorchSharp.Modules.Conv2d conv2 = nn.Conv2d(32, 64, 3);
        private readonly TorchSharp.Modules.Dropout dropout1 = nn.Dropout(0.25);
        private readonly TorchSharp.Modules.Dropout dropout2 = nn.Dropout(0.5);
        private readonly TorchSharp.Modules.Linear fc1 = nn.Linear(9216, 128);
        private readonly TorchSharp.Modules.Linear fc2 = nn.Linear(128, 10);

        public PyTorchCnn() : base(nameof(PyTorchCnn)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            var hidden = nn.functional.relu(conv1.forward(input));
            hidden = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(hidden)), 2);
            hidden = dropout1.forward(hidden).flatten(1);
            hidden = dropout2.forward(nn.functional.relu(fc1.forward(hidden)));
            return nn.functional.log_softmax(fc2.forward(hidden), 1);
        }
    }

    /// <summary>
    /// The zoo's two-convolution networks (`fast`, `speedrun`): two blocks of a convolution without bias, batch norm, ReLU
    /// and a 2×2 max-pool (the pool right after the convolution when the shape says so), fc with batch norm and ReLU, fc 10.
    /// </summary>
    private sealed class TwoConvCnn : nn.Module<Tensor, Tensor>
    {
        private readonly bool poolFirst;
        private readonly TorchSharp.Modules.Conv2d conv1;
        private readonly TorchSharp.Modules.BatchNorm2d bn1;
        private readonly TorchSharp.Modules.Conv2d conv2;
        private readonly TorchSharp.Modules.BatchNorm2d bn2;
        private readonly TorchSharp.Modules.Linear fc1;
        private readonly TorchSharp.Modules.BatchNorm1d bn3;
        private readonly TorchSharp.Modules.Linear fc2;

        public TwoConvCnn(TwoConvShape shape) : base(nameof(TwoConvCnn))
        {
            poolFirst = shape.PoolFirst;
            conv1 = nn.Conv2d(1, shape.Channels1, shape.Kernel1, bias: false);
            bn1 = nn.BatchNorm2d(shape.Channels1);
            conv2 = nn.Conv2d(shape.Channels1, shape.Channels2, shape.Kernel2, bias: false);
            bn2 = nn.BatchNorm2d(shape.Channels2);
            fc1 = nn.Linear(shape.Flattened, shape.Hidden, hasBias: false);
            bn3 = nn.BatchNorm1d(shape.Hidden);
            fc2 = nn.Linear(shape.Hidden, 10);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var hidden = Block(conv1, bn1, input);
            hidden = Block(conv2, bn2, hidden);
            return fc2.forward(nn.functional.relu(bn3.forward(fc1.forward(hidden.flatten(1)))));
        }

        private Tensor Block(TorchSharp.Modules.Conv2d conv, TorchSharp.Modules.BatchNorm2d norm, Tensor input) => poolFirst
            ? nn.functional.relu(norm.forward(nn.functional.max_pool2d(conv.forward(input), 2)))
            : nn.functional.max_pool2d(nn.functional.relu(norm.forward(conv.forward(input))), 2);
    }
}

/// <summary>
/// The shape of a two-convolution network as bench.cs passes it (<c>--architecture 16,5,32,5,64,after</c>): channels and
/// kernel size of each convolution, the hidden layer's width, and whether each 2×2 max-pool comes right after its
/// convolution (<c>first</c>) or after batch norm and ReLU (<c>after</c>).
/// </summary>
sealed record TwoConvShape(int Channels1, int Kernel1, int Channels2, int Kernel2, int Hidden, bool PoolFirst)
{
    public static TwoConvShape Parse(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 6 || parts[5] is not ("first" or "after"))
            throw new ArgumentException($"--architecture takes c1,k1,c2,k2,hidden,first|after, not '{text}'.");
        int At(int i) => int.Parse(parts[i], CultureInfo.InvariantCulture);
        return new(At(0), At(1), At(2), At(3), At(4), parts[5] == "first");
    }

    /// <summary>Features after the second pool, for 28×28 inputs.</summary>
    public int Flattened
    {
        get
        {
            var side = ((28 - Kernel1 + 1) / 2 - Kernel2 + 1) / 2;
            return Channels2 * side * side;
        }
    }
}
