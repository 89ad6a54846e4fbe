using Mnist.Functional.Autodiff;
using Mnist.Functional.Layers;
using Mnist.Functional.Losses;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Parameters;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers;

/// <summary>Makes TorchSharp's own optimizer over the given parameters, such as <c>p => optim.Adam(p, 0.01)</c>.</summary>
public delegate optim.Optimizer TorchOptimizer(IEnumerable<Parameter> parameters);

/// <summary>Small problems that optimizers are tested on: one to compare with torch.optim step by step, one that must be learned.</summary>
internal static class ReferenceProblem
{
    private static readonly Layer Comparison = new Linear(3, 4).Then("tanh", x => x.tanh()).Then(new Linear(4, 1));

    /// <summary>
    /// Runs <paramref name="ours"/> and <paramref name="theirs"/> from the same float64 parameters on the same
    /// regression loss and returns the largest parameter difference over the first <paramref name="updates"/> updates;
    /// <paramref name="theirSchedule"/>, if given, is stepped after each of TorchSharp's updates.
    /// </summary>
    public static double LargestDifference(Optimizer ours, TorchOptimizer theirs, Func<optim.Optimizer, optim.lr_scheduler.LRScheduler>? theirSchedule = null, int updates = 20)
    {
        using var scope = NewDisposeScope();
        var x = randn(8, 3, float64, generator: new Generator(21));
        var y = randn(8, 1, float64, generator: new Generator(22));
        Tensor Objective(Params p) => (Comparison.Apply(p, x, Mode.Eval) - y).square().mean();

        var parameters = Comparison.Init(new Generator(23)).Params.Map(tensor => tensor.to(float64));
        var reference = parameters.Map(tensor => (Tensor)new Parameter(tensor.clone()));
        var torchOptimizer = theirs(reference.Tensors.Cast<Parameter>());
        var torchScheduler = theirSchedule?.Invoke(torchOptimizer);
        var state = ours.Init(parameters);
        var grad = Diff.Grad(Objective);
        var largest = 0.0;
        for (var update = 0; update < updates; update++)
        {
            (parameters, state) = ours.Update(grad(parameters), state, parameters);
            torchOptimizer.zero_grad();
            Objective(reference).backward();
            torchOptimizer.step();
            torchScheduler?.step();
            largest = Math.Max(largest, parameters.Zip(reference, (mine, theirs) => (mine - theirs).abs().max()).Tensors.Max(difference => difference.item<double>()));
        }
        return largest;
    }

    /// <summary>The cross-entropy of a 2-16-2 MLP on 64 points of two classes split by a circle, after <paramref name="steps"/> steps of <paramref name="optimizer"/>, and before.</summary>
    public static (double Before, double After) Learn(Optimizer optimizer, int steps)
    {
        using var scope = NewDisposeScope();
        var model = new Linear(2, 16).Then("tanh", x => x.tanh()).Then(new Linear(16, 2));
        var x = randn(64, 2, generator: new Generator(31));
        var labels = (x.square().sum(1) > 1.2).to(int64);
        Tensor Objective(Params p) => Loss.CrossEntropy(model.Apply(p, x, Mode.Eval), labels);

        var parameters = model.Init(new Generator(32)).Params;
        var state = optimizer.Init(parameters);
        var before = Objective(parameters).item<float>();
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            (_, parameters, state) = optimizer.Step(Objective, parameters, state);
            parameters.MoveToOuterDisposeScope();
            state.MoveToOuterDisposeScope();
        }
        return (before, Objective(parameters).item<float>());
    }
}
