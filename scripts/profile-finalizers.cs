#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// Which TorchSharp calls leave native objects to the garbage collector's finalizers (dotnet/TorchSharp#1434): each
// call runs 1,000 times in dispose scopes, then a collection counts what waits for finalization
// (GC.GetGCMemoryInfo().FinalizationPendingCount; about 2 belong to the measurement itself). A library's number
// freed at once (Tensors/ScalarScope) leaves nothing; what TorchSharp makes inside a call is collected by the
// training fold every 16 steps.
// Run from the repository root: dotnet run -c Release scripts/profile-finalizers.cs
using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Training;
using static TorchSharp.torch;

Engine.Start(EngineOptions.ForTraining.WithThreads(2));
var a = randn(64, 32, 8, 8); var b = randn(64, 32, 8, 8); var lab = randint(0, 10, 64);
var gen = new Generator(1);
void Count(string name, Action op) { GC.Collect(); GC.WaitForPendingFinalizers(); for (int i = 0; i < 1000; i++) { using var s = NewDisposeScope(); op(); } GC.Collect(); var n = GC.GetGCMemoryInfo(GCKind.Any).FinalizationPendingCount; GC.WaitForPendingFinalizers(); Console.WriteLine($"{name,-30} {n} finalizable per 1000"); }
Count("Dropout layer", () => Nn.Dropout(0.25).Apply(Mnist.Functional.Parameters.Params.Empty, a, Mode.Train(gen)));
Count("MaxPool2d layer (grad)", () => { var x = a.detach().requires_grad_(); Nn.MaxPool2d(2).Apply(Mnist.Functional.Parameters.Params.Empty, x, Mode.Train(gen)); });
Count("MaxPool2d layer (no grad)", () => Nn.MaxPool2d(2).Apply(Mnist.Functional.Parameters.Params.Empty, a, Mode.Eval));
Count("Relu layer", () => Nn.Relu.Apply(Mnist.Functional.Parameters.Params.Empty, a, Mode.Eval));
Count("LogSoftmax layer", () => Nn.LogSoftmax().Apply(Mnist.Functional.Parameters.Params.Empty, a.flatten(1), Mode.Eval));
Count("Flatten layer", () => Nn.Flatten().Apply(Mnist.Functional.Parameters.Params.Empty, a, Mode.Eval));
Count("sum()", () => a.sum());
Count("eq", () => a.eq(b));
Count("argmax", () => a.argmax(1));
Count("all", () => a.gt(b).all());
Count("isfinite", () => isfinite(a));
Count("item", () => a.sum().item<float>());
Count("detach requires_grad_", () => a.detach().requires_grad_());
Count("square sum", () => a.square().sum());
Count("nll_loss", () => nn.functional.nll_loss(a.flatten(1)[.., ..10].log_softmax(1), lab));
var model = Zoo.PyTorchCnn; var vars = model.Network.Init(gen); var opt = new Adadelta(1.0);
var setup = new TrainingSetup(model.Network, opt, 1, 1, (o, l) => nn.functional.nll_loss(o, l));
var state = new TrainState(vars, opt.Init(vars.Params), History.Empty, EpochProgress.None).DetachFromDisposeScope();
var batch = new Batch(randn(64, 1, 28, 28), lab);
Count("model forward train", () => model.Network.Apply(vars.Params, vars.State, batch.Images, Mode.Train(gen)));
Count("Train.Step", () => { var o = Train.Step(setup, state, batch, gen); o.State.DisposeUnlessHeldBy(state); });
