#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
// Times one optimizer update on the parameters of the PyTorch-example MNIST CNN (1.2 M),
// ours (pure: new tensors each step) against torch.optim's in-place step, interleaved.
// Run: dotnet run scripts/optimizer-update-bench.cs (page faults count fresh memory: a new 4.5 MiB tensor faults ~1,150 times)
using System.Diagnostics;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Parameters;
using static TorchSharp.torch;

const int Rounds = 3;
const int UpdatesPerRound = 50;
const int Threads = 1; // one thread gives steadier figures on a shared machine; the app's default is two
var optimizers = new (string Name, Optimizer Ours, Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer> Theirs)[]
{
    ("Adadelta", new Adadelta(1.0), p => optim.Adadelta(p, 1.0)),
    ("Adam", new Adam(1e-3), p => optim.Adam(p, 1e-3)),
    ("SGD momentum", new Sgd(0.01, Momentum: 0.9), p => optim.SGD(p, 0.01, momentum: 0.9)),
};

Engine.Start(EngineOptions.ForTraining.WithThreads(Threads));
var shapes = new (string Path, long[] Shape)[]
{
    ("conv1.weight", [32, 1, 3, 3]), ("conv1.bias", [32]), ("conv2.weight", [64, 32, 3, 3]), ("conv2.bias", [64]),
    ("fc1.weight", [128, 9216]), ("fc1.bias", [128]), ("fc2.weight", [10, 128]), ("fc2.bias", [10]),
};
var generator = new Generator(0);
var start = Params.Of(shapes.Select(entry => (entry.Path, randn(entry.Shape, generator: generator) * 0.01)));
var grads = start.Map(tensor => randn_like(tensor) * 1e-3);
Console.WriteLine($"{start.ElementCount:N0} parameters, {UpdatesPerRound} updates per round, best of {Rounds} rounds, {Threads} threads");

foreach (var (name, ours, theirs) in optimizers)
{
    var (oursBest, theirsBest, oursFaults, theirsFaults) = (double.MaxValue, double.MaxValue, 0L, 0L);
    for (var round = 0; round < Rounds; round++)
    {
        var faults = MinorPageFaults();
        oursBest = Math.Min(oursBest, Time(() => RunOurs(ours)));
        (oursFaults, faults) = (MinorPageFaults() - faults, MinorPageFaults());
        theirsBest = Math.Min(theirsBest, Time(() => RunTheirs(theirs)));
        theirsFaults = MinorPageFaults() - faults;
    }
    Console.WriteLine($"{name,-13} ours {oursBest * 1e3 / UpdatesPerRound,7:F3} ms/update ({oursFaults / UpdatesPerRound} page faults)   " +
        $"torch.optim {theirsBest * 1e3 / UpdatesPerRound,7:F3} ms/update ({theirsFaults / UpdatesPerRound} page faults)   ratio {theirsBest / oursBest:P0}");
}

void RunOurs(Optimizer optimizer)
{
    using var run = NewDisposeScope();
    var parameters = start.Map(tensor => tensor.clone());
    var state = optimizer.Init(parameters);
    for (var update = 0; update < UpdatesPerRound; update++)
    {
        using var step = NewDisposeScope();
        var (previousParameters, previousState) = (parameters, state);
        (parameters, state) = optimizer.Update(grads, state, parameters);
        parameters.MoveToOuterDisposeScope();
        state.MoveToOuterDisposeScope();
        previousParameters.Dispose(); // the fold owns the old trees, so it frees them now
        previousState.Moments.Dispose();
    }
}

void RunTheirs(Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer> make)
{
    using var run = NewDisposeScope();
    var parameters = start.Tensors.Select(tensor => new TorchSharp.Modules.Parameter(tensor.clone())).ToArray();
    foreach (var (parameter, grad) in parameters.Zip(grads.Tensors)) parameter.grad = grad.clone();
    var optimizer = make(parameters);
    for (var update = 0; update < UpdatesPerRound; update++)
    {
        using var step = NewDisposeScope();
        optimizer.step();
    }
}

// Field 10 of /proc/self/stat: the minor page faults so far; a fresh buffer faults once per 4 KiB page.
static long MinorPageFaults() => long.Parse(File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[7]);

static double Time(Action action)
{
    var clock = Stopwatch.StartNew();
    action();
    return clock.Elapsed.TotalSeconds;
}
