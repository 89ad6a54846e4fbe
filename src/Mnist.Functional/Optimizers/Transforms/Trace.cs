using Mnist.Functional.Optimizers.HyperParameters;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>
/// Momentum: keeps a trace <c>b' = μ · b + u</c> (starting at zero) and passes on <c>b'</c>, or with Nesterov
/// <c>u + μ · b'</c>. State: <c>momentum_buffer.&lt;path&gt;</c>.
/// </summary>
/// <remarks>
/// PyTorch's SGD momentum without dampening: its buffer starts as the first gradient, which is what
/// <c>μ · 0 + g</c> gives. With <c>μ = 0</c> the stage keeps no state and passes updates through.
/// </remarks>
/// <param name="Momentum">μ, the decay of the trace, in <c>[0, 1)</c>.</param>
/// <param name="Nesterov">Whether to look ahead (Nesterov momentum).</param>
public sealed record Trace(double Momentum, bool Nesterov = false) : GradientTransform
{
    private const string Buffer = "momentum_buffer";

    /// <inheritdoc />
    public override Params Init(Params parameters)
    {
        HyperParameter.Fraction(Momentum, nameof(Momentum));
        return Momentum == 0 ? Params.Empty : ZerosLike(parameters).Prefixed(Buffer);
    }

    /// <inheritdoc />
    public override (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count)
    {
        HyperParameter.Fraction(Momentum, nameof(Momentum));
        if (Momentum == 0) return (updates, state);
        using var scalars = new ScalarScope();
        var momentum = scalars.Of(Momentum);
        var buffer = state.Child(Buffer).Zip(updates, (trace, update) => trace.mul(momentum).add_(update));
        var outgoing = Nesterov ? updates.Zip(buffer, (update, trace) => update.add(trace, alpha: momentum)) : buffer;
        return (outgoing, buffer.Prefixed(Buffer));
    }
}
