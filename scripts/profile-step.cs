#:project ../src/Mnist.Functional.Runs/Mnist.Functional.Runs.csproj
#:property PublishAot=false
// Profile of one training step: the library's Train.Step and its parts (forward, value and gradient, update, the
// finite check) beside the imperative TorchSharp step of the same network on the same batch of 64, in one process,
// mean milliseconds over N calls after 5 warm-up calls; also value-and-gradient with the pooling and dropout swapped.
// Run from the repository root: dotnet run -c Release scripts/profile-step.cs [-- N]   (N: calls per figure, 60 unless given)
// Set OMP_WAIT_POLICY or GOMP_SPINCOUNT to compare how the OpenMP threads wait.
using System.Diagnostics;
using Mnist.Functional.Autodiff;
using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Native;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Training;
using TorchSharp;
using static TorchSharp.torch;

Engine.Start(EngineOptions.ForTraining.WithThreads(2));
if (args.Length > 1 || (args.Length == 1 && (!int.TryParse(args[0], out var parsed) || parsed is < 1 or > 10_000)))
{
    Console.Error.WriteLine("usage: dotnet run -c Release scripts/profile-step.cs [N]   (N: calls per figure, a whole number from 1 to 10000; 60 when left out)");
    return 1;
}
var N = args.Length == 1 ? int.Parse(args[0]) : 60;
manual_seed(1);
var images = randn(64, 1, 28, 28); var labels = randint(0, 10, 64);
var model = Zoo.PyTorchCnn;
var gen = new Generator(1);
var vars = model.Network.Init(gen);
var opt = new Adadelta(1.0);
var setup = new TrainingSetup(model.Network, opt, 1, 1, (o, l) => nn.functional.nll_loss(o, l));
var state = new TrainState(vars, opt.Init(vars.Params), History.Empty, EpochProgress.None).DetachFromDisposeScope();
var batch = new Batch(images, labels);
double Time(string name, Action a) { for (int i=0;i<5;i++) a(); var c = Stopwatch.StartNew(); for (int i=0;i<N;i++) a(); var ms = c.Elapsed.TotalMilliseconds/N; Console.WriteLine($"{name,-40} {ms,8:F2} ms"); return ms; }
Time("Train.Step (full)", () => { var o = Train.Step(setup, state, batch, gen); o.State.DisposeUnlessHeldBy(state); });
Time("forward only (train mode, no grad)", () => { using var s = NewDisposeScope(); using var ng = no_grad(); model.Network.Apply(state.Variables.Params, state.Variables.State, images, Mode.Train(gen)); });
Time("value and grad", () => { using var s = NewDisposeScope(); var vg = Diff.ValueAndGrad(p => nn.functional.nll_loss(model.Network.Apply(p, state.Variables.State, images, Mode.Train(gen)).Output, labels)); vg(state.Variables.Params).Value.item<float>(); });
Time("value and grad + update", () => { using var s = NewDisposeScope(); var vg = Diff.ValueAndGrad(p => nn.functional.nll_loss(model.Network.Apply(p, state.Variables.State, images, Mode.Train(gen)).Output, labels)); var r = vg(state.Variables.Params); r.Value.item<float>(); opt.Update(r.Grads, state.Optimizer, state.Variables.Params); });
Time("update only", () => { using var s = NewDisposeScope(); opt.Update(state.Variables.Params, state.Optimizer, state.Variables.Params); });
Time("non-finite checks (3 trees)", () => { state.Variables.Params.FirstNonFinite(); state.Optimizer.Moments.FirstNonFinite(); });
Time("step copy: no checks", () => { var o = MyStep(false, false); o.DisposeUnlessHeldBy(state); });
Time("step copy: + correct count", () => { var o = MyStep(true, false); o.DisposeUnlessHeldBy(state); });
Time("step copy: + correct + finite", () => { var o = MyStep(true, true); o.DisposeUnlessHeldBy(state); });
TrainState MyStep(bool count, bool check)
{
    using var scope = NewDisposeScope();
    var layerState = state.Variables.State;
    var valueAndGrad = Diff.ValueAndGradWithAux(parameters => { var output = setup.Model.Apply(parameters, layerState, batch.Images, Mode.Train(gen)); return (setup.LossOrDefault(output.Output, batch.Labels), output); });
    var result = valueAndGrad(state.Variables.Params);
    var loss = result.Value.item<float>();
    if (count) result.Aux.Output.argmax(1).eq(batch.Labels).sum().item<long>();
    var (parameters, optimizer) = setup.Optimizer.Update(result.Grads, state.Optimizer, state.Variables.Params);
    var next = state with { Variables = new Variables(parameters, result.Aux.State), Optimizer = optimizer };
    if (check) { next.Variables.Params.FirstNonFinite(); next.Optimizer.Moments.FirstNonFinite(); }
    return next.DetachFromDisposeScope();
}

Layer NetWith(Layer pool, Layer drop1, Layer drop2) => Nn.Sequential(
            ("conv1", Nn.Conv2d(1, 32, 3)), ("relu1", Nn.Relu),
            ("conv2", Nn.Conv2d(32, 64, 3)), ("relu2", Nn.Relu),
            ("pool", pool), ("dropout1", drop1), ("flatten", Nn.Flatten()),
            ("fc1", Nn.Linear(9216, 128)), ("relu3", Nn.Relu), ("dropout2", drop2),
            ("fc2", Nn.Linear(128, 10)), ("log_softmax", Nn.LogSoftmax()));
void VG(string name, Layer net) => Time(name, () => { using var s = NewDisposeScope(); var vg = Diff.ValueAndGrad(p => nn.functional.nll_loss(net.Apply(p, state.Variables.State, images, Mode.Train(gen)).Output, labels)); vg(state.Variables.Params).Value.item<float>(); });
Layer nchw = new Lambda("pool", x => nn.functional.max_pool2d(x, 2));
VG("vg: ours", model.Network);
VG("vg: NCHW pool", NetWith(nchw, Nn.Dropout(0.25), Nn.Dropout(0.5)));
VG("vg: NCHW pool + native dropout", NetWith(nchw, new Lambda("d", x => nn.functional.dropout(x, 0.25, true)), new Lambda("d", x => nn.functional.dropout(x, 0.5, true))));
VG("vg: ours pool + native dropout", NetWith(Nn.MaxPool2d(2), new Lambda("d", x => nn.functional.dropout(x, 0.25, true)), new Lambda("d", x => nn.functional.dropout(x, 0.5, true))));
VG("vg: no dropout", NetWith(Nn.MaxPool2d(2), new Lambda("d", x => x), new Lambda("d", x => x)));
Time("Train.Step (full) again", () => { var o = Train.Step(setup, state, batch, gen); o.State.DisposeUnlessHeldBy(state); });
Time("step copy: + correct + finite again", () => { var o = MyStep(true, true); o.DisposeUnlessHeldBy(state); });
// imperative
var net = new Net(); var o2 = optim.Adadelta(net.parameters(), lr: 1.0); net.train();
Time("imperative step", () => { using var s = NewDisposeScope(); o2.zero_grad(); var loss = nn.functional.nll_loss(net.forward(images), labels); loss.backward(); o2.step(); loss.item<float>(); });
Time("imperative forward (no grad)", () => { using var s = NewDisposeScope(); using var ng = no_grad(); net.forward(images); });
Time("imperative fwd+bwd", () => { using var s = NewDisposeScope(); o2.zero_grad(); var loss = nn.functional.nll_loss(net.forward(images), labels); loss.backward(); loss.item<float>(); });
Time("imperative optimizer step", () => { using var s = NewDisposeScope(); o2.step(); });
return 0;
sealed class Net : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Conv2d conv1 = nn.Conv2d(1, 32, 3);
    private readonly TorchSharp.Modules.Conv2d conv2 = nn.Conv2d(32, 64, 3);
    private readonly TorchSharp.Modules.Dropout dropout1 = nn.Dropout(0.25);
    private readonly TorchSharp.Modules.Dropout dropout2 = nn.Dropout(0.5);
    private readonly TorchSharp.Modules.Linear fc1 = nn.Linear(9216, 128);
    private readonly TorchSharp.Modules.Linear fc2 = nn.Linear(128, 10);
    public Net() : base("Net") => RegisterComponents();
    public override Tensor forward(Tensor input)
    {
        var hidden = nn.functional.relu(conv1.forward(input));
        hidden = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(hidden)), 2);
        hidden = dropout1.forward(hidden).flatten(1);
        hidden = dropout2.forward(nn.functional.relu(fc1.forward(hidden)));
        return nn.functional.log_softmax(fc2.forward(hidden), 1);
    }
}
