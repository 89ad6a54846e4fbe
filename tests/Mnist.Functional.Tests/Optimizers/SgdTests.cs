using Mnist.Functional.Optimizers;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers;

public sealed class SgdTests : OptimizerContract
{
    protected override IEnumerable<(string Name, Optimizer Ours, TorchOptimizer Theirs)> SameHyperParameters =>
    [
        ("plain", new Sgd(0.1), p => optim.SGD(p, 0.1)),
        ("momentum", new Sgd(0.05, Momentum: 0.9), p => optim.SGD(p, 0.05, momentum: 0.9)),
        ("Nesterov", new Sgd(0.05, Momentum: 0.9, Nesterov: true), p => optim.SGD(p, 0.05, momentum: 0.9, nesterov: true)),
        ("momentum and weight decay", new Sgd(0.05, Momentum: 0.5, WeightDecay: 0.1), p => optim.SGD(p, 0.05, momentum: 0.5, weight_decay: 0.1)),
    ];

    protected override (Optimizer Optimizer, int Steps) Learner => (new Sgd(0.5, Momentum: 0.9), 150);
}
