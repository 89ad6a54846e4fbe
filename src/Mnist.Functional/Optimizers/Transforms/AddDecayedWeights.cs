using Mnist.Functional.Optimizers.HyperParameters;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>Adds L2 weight decay to the updates: <c>u' = u + λ · params</c>.</summary>
/// <remarks>
/// Before the scaling stages it is the classic L2 penalty of SGD and Adam (<c>g + λθ</c>); after them,
/// just before the learning rate, it is AdamW's decoupled decay <c>θ ← θ − η(û + λθ)</c>.
/// With <c>λ = 0</c> the updates pass through untouched.
/// </remarks>
/// <param name="WeightDecay">λ, the decay coefficient.</param>
public sealed record AddDecayedWeights(double WeightDecay) : GradientTransform
{
    /// <inheritdoc />
    public override Params Init(Params parameters)
    {
        HyperParameter.NonNegative(WeightDecay, nameof(WeightDecay));
        return Params.Empty;
    }

    /// <inheritdoc />
    public override (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count)
    {
        HyperParameter.NonNegative(WeightDecay, nameof(WeightDecay));
        if (WeightDecay == 0) return (updates, state);
        using var scalars = new ScalarScope();
        var decay = scalars.Of(WeightDecay);
        return (updates.Zip(parameters, (update, parameter) => update.add(parameter, alpha: decay)), state);
    }
}
