using Mnist.Functional.Optimizers;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers;

public sealed class AdamTests : OptimizerContract
{
    protected override IEnumerable<(string Name, Optimizer Ours, TorchOptimizer Theirs)> SameHyperParameters =>
    [
        ("defaults", new Adam(0.01), p => optim.Adam(p, 0.01)),
        ("betas and epsilon", new Adam(0.02, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-6), p => optim.Adam(p, 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-6)),
        ("L2 weight decay", new Adam(0.01, WeightDecay: 0.1), p => optim.Adam(p, 0.01, weight_decay: 0.1)),
    ];

    protected override (Optimizer Optimizer, int Steps) Learner => (new Adam(0.05), 150);
}
