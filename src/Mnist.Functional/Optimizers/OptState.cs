using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Optimizers;

/// <summary>An optimizer's state, an immutable value: how many updates it has made and its moment estimates.</summary>
/// <param name="Step">How many updates have been made; the next one is update <c>Step</c> (0-based).</param>
/// <param name="Moments">The transforms' state as one tree, such as <c>1.exp_avg.fc.weight</c>; empty for plain SGD.</param>
public sealed record OptState(long Step, Params Moments)
{
    /// <summary>The path of the step count in <see cref="ToParams"/>.</summary>
    public const string StepPath = "step";

    /// <summary>The whole state as one named tree for a checkpoint: <c>step</c> (a scalar int64) followed by the moments.</summary>
    public Params ToParams() => Params.Of((StepPath, tensor(Step))).Concat(Moments);

    /// <summary>Rebuilds a state from <see cref="ToParams"/>'s tree.</summary>
    /// <exception cref="KeyNotFoundException">The tree has no <c>step</c>.</exception>
    public static OptState FromParams(Params tree) =>
        new(tree[StepPath].item<long>(), Params.Of(tree.Where(entry => entry.Key != StepPath)));

    /// <summary>Moves the moments to the dispose scope around their current one, so the state outlives a step's scope.</summary>
    public OptState MoveToOuterDisposeScope()
    {
        Moments.MoveToOuterDisposeScope();
        return this;
    }
}
