#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// Where a training step and an evaluation go, layer by layer, for a zoo model: each top-level layer of the model's
// chain on the input the layers before it made, timed (1) forward in evaluation mode without a graph, (2) forward in
// training mode with a graph, (3) forward and backward in training mode (the gradient of the output a fixed random
// tensor; the first layer's input needs no gradient, as in training). Rounds interleave the layers, so load from
// elsewhere falls on all alike; the figures are medians over the rounds, in milliseconds per batch. Also one whole
// Train.Step and one whole Evaluator.Predict of the 10,000 test digits, with the same engine settings.
// The chain's ReLU rewrites are left out here (each layer runs alone), so the sum is an upper bound of the chain.
// With --cpu-time the figures are CPU time of this process with one intra-op thread, which other processes on a busy
// machine change little (wall time with all threads otherwise).
//
//   dotnet run -c Release scripts/profile-layers.cs -- [MODEL [BATCH [ROUNDS]]] [--cpu-time]   (fast, its recipe's batch, 20 rounds)
//   ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 dotnet run -c Release scripts/profile-layers.cs -- pytorch-cnn --cpu-time
using System.Diagnostics;
using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Parameters;
using Mnist.Functional.Training;
using static TorchSharp.torch;

CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var cpuTime = args.Contains("--cpu-time");
var positional = args.Where(arg => !arg.StartsWith("--", StringComparison.Ordinal)).ToArray();
var model = Zoo.Find(positional.Length > 0 ? positional[0] : "fast");
var batchSize = positional.Length > 1 ? int.Parse(positional[1]) : model.Recipe.BatchSize;
var rounds = positional.Length > 2 ? int.Parse(positional[2]) : 20;
const int CallsPerRound = 5;

var engine = Engine.Start(EngineOptions.ForTraining.WithThreads(cpuTime ? 1 : null));
Console.WriteLine($"{engine.Describe()}; ATEN_CPU_CAPABILITY={Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY") ?? "(unset)"}, DNNL_MAX_CPU_ISA={Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA") ?? "(unset)"}");
Console.WriteLine($"{model.Name}, batch {batchSize}, {rounds} rounds of {CallsPerRound} calls; ms per batch, medians over rounds, {(cpuTime ? "CPU time of this process, one intra-op thread" : "wall time")}");
using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
var preprocess = Preprocess.Standard(mnist.Stats);
using var generator = new Generator(1);
var variables = model.Network.Init(generator);
var chain = (Chain)model.Network;

// The inputs each layer sees: the first batch of the training split through the layers before it.
var inputs = new List<Tensor>();
using (no_grad())
{
    var x = preprocess(mnist.Train.Images.narrow(0, 0, batchSize)).DetachFromDisposeScope();
    foreach (var (name, layer) in chain.Layers)
    {
        inputs.Add(x);
        x = layer.Apply(variables.Params.Child(name), variables.State.Child(name), x, Mode.Train(generator)).Output.DetachFromDisposeScope();
    }
}

var labels = mnist.Train.Labels.narrow(0, 0, batchSize).to(int64);
var setup = model.Recipe.SetupFor(model.Network, 469, 1);
var state = TrainState.Init(setup, generator);
var batch = new Batch(inputs[0], labels);

var probes = new List<(string Name, Action Run)>();
for (var position = 0; position < chain.Layers.Length; position++)
{
    var (name, layer) = chain.Layers[position];
    var input = inputs[position];
    var (parameters, layerState) = (variables.Params.Child(name), variables.State.Child(name));
    var gradientInput = position > 0;
    probes.Add(($"{name} {layer.Describe()}|eval", () =>
    {
        using var scope = NewDisposeScope();
        using var noGrad = inference_mode();
        layer.Apply(parameters, layerState, input, Mode.Eval);
    }));
    probes.Add(($"{name} {layer.Describe()}|train forward", () =>
    {
        using var scope = NewDisposeScope();
        var p = parameters.RequiringGrad();
        var x = gradientInput ? input.detach().requires_grad_() : input;
        layer.Apply(p, layerState, x, Mode.Train(generator));
    }));
    probes.Add(($"{name} {layer.Describe()}|train forward+backward", () =>
    {
        using var scope = NewDisposeScope();
        var p = parameters.RequiringGrad();
        var x = gradientInput ? input.detach().requires_grad_() : input;
        var y = layer.Apply(p, layerState, x, Mode.Train(generator)).Output;
        if (y.requires_grad) y.backward([ones_like(y)]);
    }));
}
probes.Add(("whole Train.Step|train step", () =>
{
    var outcome = Train.Step(setup, state, batch, generator);
    outcome.State.DisposeUnlessHeldBy(state);
}));
probes.Add(("whole Evaluator.Predict, 10,000 digits|eval (per pass, not per batch)", () =>
    Evaluator.Predict(model.Network, variables, mnist.Test.Images, mnist.Test.Labels, mnist.Info.ClassNames, preprocess: preprocess)));

var times = probes.Select(_ => new List<double>()).ToList();
foreach (var probe in probes) probe.Run();   // warm-up
for (var round = 0; round < rounds; round++)
    for (var i = 0; i < probes.Count; i++)
    {
        var calls = probes[i].Name.StartsWith("whole Evaluator", StringComparison.Ordinal) ? 1 : CallsPerRound;
        var start = Now();
        for (var call = 0; call < calls; call++) probes[i].Run();
        var end = Now();
        times[i].Add((end - start) / calls);
    }

double Now() => cpuTime ? Environment.CpuUsage.TotalTime.TotalMilliseconds : Stopwatch.GetTimestamp() * 1e3 / Stopwatch.Frequency;
static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
Console.WriteLine($"{"layer",-44} {"eval",9} {"train fwd",10} {"fwd+bwd",9}");
var rows = probes.Select((probe, i) => (Layer: probe.Name.Split('|')[0], Kind: probe.Name.Split('|')[1], Ms: Median(times[i]))).ToList();
foreach (var layer in rows.GroupBy(row => row.Layer))
{
    string Cell(string kind) => layer.FirstOrDefault(row => row.Kind.StartsWith(kind, StringComparison.Ordinal)) is { Layer: not null } row ? $"{row.Ms:F2}" : "";
    if (layer.Key.StartsWith("whole", StringComparison.Ordinal))
        Console.WriteLine($"{layer.Key,-44} {layer.Single().Ms,9:F2} ms ({layer.Single().Kind})");
    else
        Console.WriteLine($"{layer.Key,-44} {Cell("eval"),9} {Cell("train forward"),10} {layer.Single(row => row.Kind == "train forward+backward").Ms,9:F2}");
}
var sum = rows.Where(row => !row.Layer.StartsWith("whole", StringComparison.Ordinal)).GroupBy(row => row.Kind).ToDictionary(group => group.Key, group => group.Sum(row => row.Ms));
Console.WriteLine($"{"sum of the layers",-44} {sum["eval"],9:F2} {sum["train forward"],10:F2} {sum["train forward+backward"],9:F2}");

