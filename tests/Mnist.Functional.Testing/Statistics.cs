using Mnist.Functional.Layers;
using static TorchSharp.torch;

namespace Mnist.Functional.Testing;

/// <summary>Layer state that a test can tell apart from a fresh model's.</summary>
public static class Statistics
{
    /// <summary>
    /// <paramref name="variables"/> with every batch norm's running mean drawn from N(0, 0.25) and running variance from
    /// U(0.5, 1.5), seeded with <paramref name="seed"/>, so that a model in evaluation mode does not just pass its inputs through.
    /// </summary>
    public static Variables Randomised(Variables variables, ulong seed)
    {
        var generator = new Generator(seed);
        return variables with
        {
            State = variables.State.Map((path, tensor) =>
                path.EndsWith("running_mean", StringComparison.Ordinal) ? randn(tensor.shape, generator: generator) * 0.5
                : path.EndsWith("running_var", StringComparison.Ordinal) ? rand(tensor.shape, generator: generator) + 0.5
                : tensor),
        };
    }
}
