using Mnist.Functional.Optimizers.HyperParameters;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>
/// RMSProp's scaling: <c>v' = αv + (1 − α)g²</c>, <c>u = g / (√v' + ε)</c>; centred, also
/// <c>ḡ' = αḡ + (1 − α)g</c> and <c>u = g / (√(v' − ḡ'²) + ε)</c>.
/// State: <c>square_avg.&lt;path&gt;</c> and, centred, <c>grad_avg.&lt;path&gt;</c>, starting at zero.
/// </summary>
/// <param name="Alpha">α, the decay of the mean square.</param>
/// <param name="Epsilon">ε, added to the denominator for numerical stability.</param>
/// <param name="Centered">Whether to divide by the estimated variance rather than the mean square.</param>
public sealed record ScaleByRms(double Alpha = 0.99, double Epsilon = 1e-8, bool Centered = false) : GradientTransform
{
    private const string MeanSquare = "square_avg";
    private const string Mean = "grad_avg";

    /// <inheritdoc />
    public override Params Init(Params parameters)
    {
        RequireValid();
        return Centered
            ? Params.Nest((MeanSquare, ZerosLike(parameters)), (Mean, ZerosLike(parameters)))
            : ZerosLike(parameters).Prefixed(MeanSquare);
    }

    /// <inheritdoc />
    public override (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count)
    {
        RequireValid();
        using var scalars = new ScalarScope();
        var (alpha, rest, epsilon) = (scalars.Of(Alpha), scalars.Of(1 - Alpha), scalars.Of(Epsilon));
        var meanSquare = state.Child(MeanSquare).Zip(updates, (average, g) => average.mul(alpha).addcmul_(g, g, value: rest));
        if (!Centered)
            return (updates.Zip(meanSquare, (g, average) => g.div(average.sqrt().add_(epsilon))), meanSquare.Prefixed(MeanSquare));
        var mean = state.Child(Mean).Zip(updates, (average, g) => average.mul(alpha).add_(g, alpha: rest));
        var minusOne = scalars.Of(-1.0);
        var scaled = updates.Zip(meanSquare, mean, (g, square, average) => g.div(square.addcmul(average, average, value: minusOne).sqrt_().add_(epsilon)));
        return (scaled, Params.Nest((MeanSquare, meanSquare), (Mean, mean)));
    }

    private void RequireValid()
    {
        HyperParameter.Fraction(Alpha, nameof(Alpha), oneAllowed: true);
        HyperParameter.NonNegative(Epsilon, nameof(Epsilon));
    }
}
