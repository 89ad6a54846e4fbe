using Mnist.Functional.Optimizers.HyperParameters;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>
/// Adadelta's scaling: <c>v' = ρv + (1 − ρ)g²</c>, <c>u = √(d + ε) / √(v' + ε) · g</c>, <c>d' = ρd + (1 − ρ)u²</c>.
/// State: <c>square_avg.&lt;path&gt;</c> (v) and <c>acc_delta.&lt;path&gt;</c> (d), starting at zero.
/// </summary>
/// <param name="Rho">ρ, the decay of both running averages.</param>
/// <param name="Epsilon">ε, added inside both square roots.</param>
public sealed record ScaleByAdadelta(double Rho = 0.9, double Epsilon = 1e-6) : GradientTransform
{
    private const string MeanSquare = "square_avg";
    private const string MeanSquareDelta = "acc_delta";

    /// <inheritdoc />
    public override Params Init(Params parameters)
    {
        RequireValid();
        return Params.Nest((MeanSquare, ZerosLike(parameters)), (MeanSquareDelta, ZerosLike(parameters)));
    }

    /// <inheritdoc />
    public override (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count)
    {
        RequireValid();
        using var scalars = new ScalarScope();
        var (rho, rest, epsilon) = (scalars.Of(Rho), scalars.Of(1 - Rho), scalars.Of(Epsilon));
        var meanSquare = state.Child(MeanSquare).Zip(updates, (average, g) => average.mul(rho).addcmul_(g, g, value: rest));
        var previousDeltas = state.Child(MeanSquareDelta);
        var deltas = updates.Zip(meanSquare, previousDeltas, (g, square, delta) => delta.add(epsilon).sqrt_().div_(square.add(epsilon).sqrt_()).mul_(g));
        var meanSquareDelta = previousDeltas.Zip(deltas, (average, delta) => average.mul(rho).addcmul_(delta, delta, value: rest));
        return (deltas, Params.Nest((MeanSquare, meanSquare), (MeanSquareDelta, meanSquareDelta)));
    }

    private void RequireValid()
    {
        HyperParameter.Fraction(Rho, nameof(Rho), oneAllowed: true);
        HyperParameter.NonNegative(Epsilon, nameof(Epsilon));
    }
}
