using Mnist.Functional.Optimizers;

namespace Mnist.Functional.Tests.Optimizers;

/// <summary>What every optimizer's tests check: equality with TorchSharp's counterpart update by update, and that it learns.</summary>
public abstract class OptimizerContract
{
    /// <summary>Our optimizer and TorchSharp's with the same hyper-parameters, each pair named.</summary>
    protected abstract IEnumerable<(string Name, Optimizer Ours, TorchOptimizer Theirs)> SameHyperParameters { get; }

    /// <summary>An optimizer that must bring the tiny problem's loss under 0.15 within the given steps.</summary>
    protected abstract (Optimizer Optimizer, int Steps) Learner { get; }

    [Test]
    public void First_20_Updates_Equal_TorchSharps_Counterpart_Within_1e6() =>
        Assert.Multiple(() =>
        {
            foreach (var (name, ours, theirs) in SameHyperParameters)
                Assert.That(ReferenceProblem.LargestDifference(ours, theirs), Is.LessThan(1e-6), name);
        });

    [Test]
    public void Learns_A_Tiny_Classification_Problem()
    {
        var (before, after) = ReferenceProblem.Learn(Learner.Optimizer, Learner.Steps);

        Assert.That(after, Is.LessThan(0.15), $"loss went from {before} to {after}");
    }
}
