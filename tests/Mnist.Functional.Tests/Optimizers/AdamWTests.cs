using Mnist.Functional.Optimizers;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers;

public sealed class AdamWTests : OptimizerContract
{
    protected override IEnumerable<(string Name, Optimizer Ours, TorchOptimizer Theirs)> SameHyperParameters =>
    [
        ("PyTorch's default decay", new AdamW(0.01), p => optim.AdamW(p, 0.01, weight_decay: 0.01)),
        ("strong decay", new AdamW(0.02, Beta1: 0.8, WeightDecay: 0.5), p => optim.AdamW(p, 0.02, beta1: 0.8, weight_decay: 0.5)),
    ];

    protected override (Optimizer Optimizer, int Steps) Learner => (new AdamW(0.05), 150);
}
