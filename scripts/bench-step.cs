#:project ../src/Mnist.Functional/Mnist.Functional.csproj
// One training step of PyTorch's examples/mnist CNN, written two ways and timed interleaved in one
// process: (a) with Mnist.Functional's layer values, autograd.grad over the parameter tree and an
// Adadelta update written out with tensor ops; (b) the imperative TorchSharp way, an nn.Module with
// torch.optim.Adadelta. Then resident memory over many steps of (a).
//
//   dotnet run -c Release scripts/bench-step.cs             # throughput, then RSS at the checkpoints below
//   dotnet run -c Release scripts/bench-step.cs -- speed    # only the throughput
//   dotnet run -c Release scripts/bench-step.cs -- memory   # only the RSS run
//   MNIST_KEEP_MALLOC_DEFAULTS=1 dotnet run ...             # without Engine.Start's malloc thresholds, for comparison
//   OMP_WAIT_POLICY=PASSIVE dotnet run ...                  # OpenMP threads sleep instead of spinning: fairer on a shared machine
using System.Diagnostics;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using TorchSharp;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

const int BatchSize = 64;
const int WarmUpSteps = 5;
const int TimedSteps = 100;                 // steps of each version, interleaved one by one
int[] memoryCheckpoints = [100, 250, 500, 1_000, 1_500, 2_000];   // steps of (a) at which to read the resident set size
const double LearningRate = 1.0, Rho = 0.9, Epsilon = 1e-6;   // torch.optim.Adadelta's defaults, as examples/mnist

var engine = Engine.Start();
Console.WriteLine(engine.Describe());
Console.WriteLine((Environment.GetEnvironmentVariable("MNIST_KEEP_MALLOC_DEFAULTS") == "1"
                      ? "glibc malloc: defaults (MNIST_KEEP_MALLOC_DEFAULTS=1)"
                      : "glibc malloc: mmap threshold 32 MiB, trim threshold 256 MiB (Engine.Start)") +
                  $"; OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(default)"}");
var (timeSteps, trackMemory) = (!args.Contains("memory"), !args.Contains("speed"));

var model = Conv2d(1, 32, 3).Then(Relu).Then(Conv2d(32, 64, 3)).Then(Relu).Then(MaxPool2d(2)).Then(Dropout(0.25))
    .Then(Flatten()).Then(Linear(9216, 128)).Then(Relu).Then(Dropout(0.5)).Then(Linear(128, 10)).Then(LogSoftmax(1));
var x = randn(BatchSize, 1, 28, 28, generator: new Generator(1)).DetachFromDisposeScope();
var y = randint(0, 10, [BatchSize], generator: new Generator(2)).DetachFromDisposeScope();

var adadelta = new Adadelta(LearningRate, Rho, Epsilon);
using var functional = new FunctionalTrainer(model, adadelta, x, y);
if (timeSteps)
{
    using var imperative = new ImperativeTrainer(adadelta, x, y);
    functional.Run(WarmUpSteps);
    imperative.Run(WarmUpSteps);
    // One step of each in turn, the order swapped every pair, so that a burst of load from elsewhere on the
    // machine lands on both alike; the median step time then ignores the bursts.
    var ours = new List<double>();
    var theirs = new List<double>();
    for (var pair = 0; pair < TimedSteps; pair++)
    {
        if (pair % 2 == 0) { ours.Add(functional.Time()); theirs.Add(imperative.Time()); }
        else { theirs.Add(imperative.Time()); ours.Add(functional.Time()); }
    }
    var (a, b) = (1 / Median(ours), 1 / Median(theirs));
    Console.WriteLine($"functional (Mnist.Functional): {a:F2} steps/s = {a * BatchSize:F0} samples/s (median of {TimedSteps} steps; mean {ours.Count / ours.Sum():F2} steps/s)");
    Console.WriteLine($"imperative (nn.Module + optim.Adadelta): {b:F2} steps/s = {b * BatchSize:F0} samples/s (mean {theirs.Count / theirs.Sum():F2} steps/s)");
    Console.WriteLine($"functional / imperative = {100 * a / b:F1}% (median step times); pairs where functional was faster: {ours.Zip(theirs).Count(p => p.First < p.Second)} of {TimedSteps}");
}

foreach (var checkpoint in trackMemory ? memoryCheckpoints.Where(step => step > functional.StepsTaken) : [])
{
    functional.Run(checkpoint - functional.StepsTaken);
    Console.WriteLine($"step {checkpoint,5}: RSS {ResidentMegabytes():F0} MB");
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static double ResidentMegabytes() =>
    File.ReadLines("/proc/self/status").Where(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).First();

/// <summary>(a) Layer values, gradients of the parameter tree, Adadelta as tensor ops; one dispose scope per step.</summary>
sealed class FunctionalTrainer : Trainer, IDisposable
{
    private readonly Layer model;
    private readonly Adadelta adadelta;
    private readonly Tensor x, y;
    private readonly Generator dropout = new(3);
    private Params parameters, squareAverage, deltaAverage;

    public FunctionalTrainer(Layer model, Adadelta adadelta, Tensor x, Tensor y)
    {
        (this.model, this.adadelta, this.x, this.y) = (model, adadelta, x, y);
        parameters = model.Init(new Generator(0)).Params.DetachFromDisposeScope();
        squareAverage = parameters.Map(tensor => zeros_like(tensor)).DetachFromDisposeScope();
        deltaAverage = parameters.Map(tensor => zeros_like(tensor)).DetachFromDisposeScope();
    }

    protected override void Step()
    {
        var (old, oldSquare, oldDelta) = (parameters, squareAverage, deltaAverage);
        using (var scope = NewDisposeScope())
        {
            var trainable = parameters.RequiringGrad();
            var loss = nn.functional.nll_loss(model.Apply(trainable, x, Mode.Train(dropout)), y);
            var gradients = Params.Of(trainable.Paths.Zip(autograd.grad([loss], trainable.Tensors), KeyValuePair.Create));
            // Adadelta: v ← ρv + (1−ρ)g²;  Δ = √((u + ε)/(v + ε))·g;  u ← ρu + (1−ρ)Δ²;  θ ← θ − lr·Δ.
            // Each line makes one new tensor and finishes it in place (fused addcmul, div_, sqrt_), so the
            // inputs stay untouched; one square root of the ratio saves a pass over torch.optim's two.
            squareAverage = oldSquare.Zip(gradients, (v, g) => v.mul(adadelta.Rho).addcmul_(g, g, 1 - adadelta.Rho));
            var delta = oldDelta.Zip(squareAverage, gradients, (u, v, g) => u.add(adadelta.Epsilon).div_(v.add(adadelta.Epsilon)).sqrt_().mul_(g));
            deltaAverage = oldDelta.Zip(delta, (u, d) => u.mul(adadelta.Rho).addcmul_(d, d, 1 - adadelta.Rho));
            parameters = old.Zip(delta, (p, d) => p.add(d, -adadelta.LearningRate));
            squareAverage.MoveToOuterDisposeScope();
            deltaAverage.MoveToOuterDisposeScope();
            parameters.MoveToOuterDisposeScope();
        }
        // The step's scope held no outer scope to move into, so the new trees are now the caller's: free the old ones.
        parameters.DetachFromDisposeScope();
        squareAverage.DetachFromDisposeScope();
        deltaAverage.DetachFromDisposeScope();
        old.Dispose();
        oldSquare.Dispose();
        oldDelta.Dispose();
    }

    public void Dispose()
    {
        dropout.Dispose();
        parameters.Dispose();
        squareAverage.Dispose();
        deltaAverage.Dispose();
    }
}

/// <summary>(b) The imperative way: a module holding its weights, optim.Adadelta, zero_grad / backward / step.</summary>
sealed class ImperativeTrainer : Trainer, IDisposable
{
    private readonly Net net = new();
    private readonly Tensor x, y;
    private readonly optim.Optimizer optimizer;

    public ImperativeTrainer(Adadelta adadelta, Tensor x, Tensor y)
    {
        (this.x, this.y) = (x, y);
        optimizer = optim.Adadelta(net.parameters(), adadelta.LearningRate, adadelta.Rho, adadelta.Epsilon);
        net.train();
    }

    protected override void Step()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.nll_loss(net.forward(x), y);
        loss.backward();
        optimizer.step();
    }

    public void Dispose()
    {
        optimizer.Dispose();
        net.Dispose();
    }

    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Conv2d conv1 = nn.Conv2d(1, 32, 3);
        private readonly TorchSharp.Modules.Conv2d conv2 = nn.Conv2d(32, 64, 3);
        private readonly TorchSharp.Modules.Dropout dropout1 = nn.Dropout(0.25);
        private readonly TorchSharp.Modules.Dropout dropout2 = nn.Dropout(0.5);
        private readonly TorchSharp.Modules.Linear fc1 = nn.Linear(9216, 128);
        private readonly TorchSharp.Modules.Linear fc2 = nn.Linear(128, 10);

        public Net() : base(nameof(Net)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            var hidden = nn.functional.relu(conv1.forward(input));
            hidden = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(hidden)), 2);
            hidden = dropout1.forward(hidden).flatten(1);
            hidden = dropout2.forward(nn.functional.relu(fc1.forward(hidden)));
            return nn.functional.log_softmax(fc2.forward(hidden), 1);
        }
    }
}

/// <summary>What both versions share: one training step, run in a loop or timed.</summary>
abstract class Trainer
{
    /// <summary>Steps run so far, timed or not.</summary>
    public int StepsTaken { get; private set; }

    /// <summary>Runs <paramref name="steps"/> steps.</summary>
    public void Run(int steps)
    {
        for (var i = 0; i < steps; i++) Time();
    }

    /// <summary>Runs one step and returns its wall-clock time in seconds.</summary>
    public double Time()
    {
        var clock = Stopwatch.StartNew();
        Step();
        StepsTaken++;
        return clock.Elapsed.TotalSeconds;
    }

    protected abstract void Step();
}

/// <summary>Adadelta's hyper-parameters, shared by both versions.</summary>
sealed record Adadelta(double LearningRate, double Rho, double Epsilon);
