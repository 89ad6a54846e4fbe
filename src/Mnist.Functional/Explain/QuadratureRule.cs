namespace Mnist.Functional.Explain;

/// <summary>The points and weights of a <see cref="Quadrature"/> on [0, 1].</summary>
public static class QuadratureRule
{
    /// <summary>
    /// The points <c>αₖ</c> in [0, 1], ascending, and their weights <c>wₖ</c> (summing to 1) of <paramref name="rule"/>
    /// with <paramref name="points"/> points, in float64.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 points.</exception>
    public static (double[] Alphas, double[] Weights) Of(Quadrature rule, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        return rule switch
        {
            Quadrature.GaussLegendre => GaussLegendre(points),
            Quadrature.Trapezoid => Trapezoid(points),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown quadrature."),
        };
    }

    private static (double[] Alphas, double[] Weights) Trapezoid(int points)
    {
        var step = 1.0 / (points - 1);
        var alphas = Enumerable.Range(0, points).Select(k => k == points - 1 ? 1.0 : k * step).ToArray();
        var weights = Enumerable.Range(0, points).Select(k => k == 0 || k == points - 1 ? step / 2 : step).ToArray();
        return (alphas, weights);
    }

    // The n roots of Pₙ by Newton's method from Tricomi's estimate cos(π(k − 1/4)/(n + 1/2)), with Pₙ from Bonnet's
    // recurrence (k+1)Pₖ₊₁ = (2k+1)xPₖ − kPₖ₋₁ and Pₙ′ = n(xPₙ − Pₙ₋₁)/(x² − 1); the weights are 2/((1 − x²)Pₙ′(x)²)
    // (Abramowitz and Stegun 25.4.29). Roots come in ± pairs, so only the positive half is searched. Moving [−1, 1] to
    // [0, 1] halves the weights: α = (1 + x)/2, w = w/2.
    private static (double[] Alphas, double[] Weights) GaussLegendre(int points)
    {
        var alphas = new double[points];
        var weights = new double[points];
        for (var k = 1; k <= (points + 1) / 2; k++)
        {
            var x = Math.Cos(Math.PI * (k - 0.25) / (points + 0.5));
            for (var iteration = 0; iteration < 100; iteration++)
            {
                var step = Legendre(points, x).Value / Derivative(points, x);
                x -= step;
                if (Math.Abs(step) <= 1e-15) break;
            }
            var derivative = Derivative(points, x);
            var weight = 1.0 / ((1 - x * x) * derivative * derivative);
            (alphas[k - 1], weights[k - 1]) = ((1 - x) / 2, weight);
            (alphas[points - k], weights[points - k]) = ((1 + x) / 2, weight);
        }
        return (alphas, weights);
    }

    private static double Derivative(int degree, double x)
    {
        var (value, previous) = Legendre(degree, x);
        return degree * (x * value - previous) / (x * x - 1);
    }

    // Pₙ(x) and Pₙ₋₁(x).
    private static (double Value, double Previous) Legendre(int degree, double x)
    {
        var (previous, value) = (1.0, x);
        for (var k = 1; k < degree; k++)
            (previous, value) = (value, ((2 * k + 1) * x * value - k * previous) / (k + 1));
        return (value, previous);
    }
}
