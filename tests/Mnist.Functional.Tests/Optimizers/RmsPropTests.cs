using Mnist.Functional.Optimizers;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers;

public sealed class RmsPropTests : OptimizerContract
{
    protected override IEnumerable<(string Name, Optimizer Ours, TorchOptimizer Theirs)> SameHyperParameters =>
    [
        ("defaults", new RmsProp(0.01), p => optim.RMSProp(p, 0.01)),
        ("momentum", new RmsProp(0.01, Momentum: 0.9), p => optim.RMSProp(p, 0.01, momentum: 0.9)),
        ("centred", new RmsProp(0.01, Centered: true), p => optim.RMSProp(p, 0.01, centered: true)),
        ("centred, momentum, alpha and weight decay", new RmsProp(0.005, Alpha: 0.9, Momentum: 0.5, Centered: true, WeightDecay: 0.1),
            p => optim.RMSProp(p, 0.005, alpha: 0.9, momentum: 0.5, centered: true, weight_decay: 0.1)),
    ];

    protected override (Optimizer Optimizer, int Steps) Learner => (new RmsProp(0.01), 150);
}
