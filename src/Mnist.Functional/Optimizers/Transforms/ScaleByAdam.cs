using Mnist.Functional.Optimizers.HyperParameters;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>
/// Adam's scaling: <c>m' = β₁m + (1 − β₁)g</c>, <c>v' = β₂v + (1 − β₂)g²</c>,
/// <c>u = (m' / (1 − β₁ᵗ)) / (√(v' / (1 − β₂ᵗ)) + ε)</c> at update <c>t = step + 1</c>.
/// State: <c>exp_avg.&lt;path&gt;</c> (m) and <c>exp_avg_sq.&lt;path&gt;</c> (v), starting at zero.
/// </summary>
/// <param name="Beta1">β₁, the decay of the first-moment estimate.</param>
/// <param name="Beta2">β₂, the decay of the second-moment estimate.</param>
/// <param name="Epsilon">ε, added to the denominator for numerical stability.</param>
public sealed record ScaleByAdam(double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8) : GradientTransform
{
    private const string FirstMoment = "exp_avg";
    private const string SecondMoment = "exp_avg_sq";

    /// <inheritdoc />
    public override Params Init(Params parameters)
    {
        RequireValid();
        return Params.Nest((FirstMoment, ZerosLike(parameters)), (SecondMoment, ZerosLike(parameters)));
    }

    /// <inheritdoc />
    public override (Params Updates, Params State) Update(Params updates, Params state, Params parameters, long count)
    {
        RequireValid();
        var t = count + 1;
        var (firstCorrection, secondCorrection) = (1 - Math.Pow(Beta1, t), Math.Sqrt(1 - Math.Pow(Beta2, t)));
        using var scalars = new ScalarScope();
        var (beta1, rest1, beta2, rest2) = (scalars.Of(Beta1), scalars.Of(1 - Beta1), scalars.Of(Beta2), scalars.Of(1 - Beta2));
        var (first, second, epsilon) = (scalars.Of(firstCorrection), scalars.Of(secondCorrection), scalars.Of(Epsilon));
        var m = state.Child(FirstMoment).Zip(updates, (moment, g) => moment.mul(beta1).add_(g, alpha: rest1));
        var v = state.Child(SecondMoment).Zip(updates, (moment, g) => moment.mul(beta2).addcmul_(g, g, value: rest2));
        var scaled = m.Zip(v, (mean, square) => mean.div(square.sqrt().div_(second).add_(epsilon)).div_(first));
        return (scaled, Params.Nest((FirstMoment, m), (SecondMoment, v)));
    }

    private void RequireValid()
    {
        HyperParameter.Fraction(Beta1, nameof(Beta1));
        HyperParameter.Fraction(Beta2, nameof(Beta2));
        HyperParameter.NonNegative(Epsilon, nameof(Epsilon));
    }
}
