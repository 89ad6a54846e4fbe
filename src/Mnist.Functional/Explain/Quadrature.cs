namespace Mnist.Functional.Explain;

/// <summary>How <see cref="IntegratedGradients"/> approximates the path integral <c>∫₀¹ g(α) dα</c> by <c>Σₖ wₖ g(αₖ)</c>.</summary>
public enum Quadrature
{
    /// <summary>
    /// Gauss–Legendre: the roots of the Legendre polynomial of degree n, moved from [−1, 1] to [0, 1], with their weights
    /// (Abramowitz and Stegun 25.4.29); exact for polynomials of degree below 2n, and Captum's default
    /// (<c>method="gausslegendre"</c>, numpy's <c>leggauss</c> scaled the same way). It never evaluates the end points.
    /// </summary>
    GaussLegendre,

    /// <summary>
    /// The trapezoid rule on n evenly spaced points including both ends: <c>αₖ = k/(n−1)</c>, <c>wₖ = 1/(n−1)</c>, halved
    /// at the two ends, so the weights sum to 1. Captum's <c>riemann_trapezoid</c> takes the same points but weights of
    /// <c>1/n</c> (summing to <c>(n−1)/n</c>), so its sums come out smaller by about <c>1/n</c> of the score difference.
    /// </summary>
    Trapezoid,
}
