using Mnist.Functional.Optimizers;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers;

public sealed class AdadeltaTests : OptimizerContract
{
    protected override IEnumerable<(string Name, Optimizer Ours, TorchOptimizer Theirs)> SameHyperParameters =>
    [
        ("defaults", new Adadelta(1.0), p => optim.Adadelta(p, 1.0)),
        ("rho, epsilon and weight decay", new Adadelta(0.5, Rho: 0.95, Epsilon: 1e-5, WeightDecay: 0.1), p => optim.Adadelta(p, 0.5, rho: 0.95, eps: 1e-5, weight_decay: 0.1)),
    ];

    protected override (Optimizer Optimizer, int Steps) Learner => (new Adadelta(1.0), 300);
}
