using Mnist.Functional.Explain;

namespace Mnist.Functional.Tests.Explain;

public sealed class QuadratureRuleTests
{
    [Test]
    public void Three_Point_Gauss_Legendre_Has_The_Closed_Form_Nodes_And_Weights_Moved_To_The_Unit_Interval()
    {
        // On [−1, 1]: nodes 0 and ±√(3/5), weights 8/9 and 5/9 (Abramowitz and Stegun, table 25.4).
        var (alphas, weights) = QuadratureRule.Of(Quadrature.GaussLegendre, 3);

        var offset = Math.Sqrt(0.6) / 2;
        Assert.Multiple(() =>
        {
            Assert.That(alphas, Is.EqualTo(new[] { 0.5 - offset, 0.5, 0.5 + offset }).Within(1e-15));
            Assert.That(weights, Is.EqualTo(new[] { 5.0 / 18, 8.0 / 18, 5.0 / 18 }).Within(1e-15));
        });
    }

    [TestCase(2)]
    [TestCase(7)]
    [TestCase(50)]
    [TestCase(1000)]
    public void Gauss_Legendre_With_N_Points_Integrates_Every_Power_Below_2N_Exactly(int points)
    {
        var (alphas, weights) = QuadratureRule.Of(Quadrature.GaussLegendre, points);

        Assert.Multiple(() =>
        {
            Assert.That(alphas, Is.Ordered.Ascending);
            Assert.That(alphas.All(alpha => alpha is > 0 and < 1), Is.True, "inside (0, 1)");
            foreach (var power in new[] { 0, 1, 2, Math.Min(2 * points - 1, 60) })
            {
                var sum = alphas.Zip(weights, (alpha, weight) => weight * Math.Pow(alpha, power)).Sum();
                Assert.That(sum, Is.EqualTo(1.0 / (power + 1)).Within(1e-12), $"∫ α^{power}");
            }
        });
    }

    [Test]
    public void The_Trapezoid_Rule_Takes_Both_Ends_With_Half_Weights_Summing_To_One()
    {
        var (alphas, weights) = QuadratureRule.Of(Quadrature.Trapezoid, 5);

        Assert.Multiple(() =>
        {
            Assert.That(alphas, Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75, 1 }));
            Assert.That(weights, Is.EqualTo(new[] { 0.125, 0.25, 0.25, 0.25, 0.125 }));
        });
    }

    [Test]
    public void Fewer_Than_Two_Points_Are_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuadratureRule.Of(Quadrature.GaussLegendre, 1));
    }
}
