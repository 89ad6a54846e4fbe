using Mnist.Functional.Autodiff;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Autodiff;

public sealed class DiffJvpTests
{
    [Test]
    public void Jvp_Equals_A_Central_Finite_Difference_Along_The_Tangent()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.3, -1.2, 2.0 });
        var t = tensor(new[] { 1.0, 0.5, -2.0 });
        const double epsilon = 1e-6;

        var (value, product) = Diff.Jvp(DiffVjpTests.F)(x, t);

        var finiteDifference = (DiffVjpTests.F(x + epsilon * t) - DiffVjpTests.F(x - epsilon * t)) / (2 * epsilon);
        Assert.Multiple(() =>
        {
            TensorAssert.Close(value, DiffVjpTests.F(x), 0, "value");
            TensorAssert.Close(product, finiteDifference, 1e-8, "J t");
            Assert.That(product.requires_grad, Is.False);
        });
    }

    [Test]
    public void Jvp_Of_A_Linear_Map_Is_The_Matrix_Times_The_Tangent()
    {
        using var scope = NewDisposeScope();
        var a = randn(4, 3, float64, generator: new Generator(3));
        var t = randn(3, float64, generator: new Generator(4));

        var (_, product) = Diff.Jvp(x => a.matmul(x))(zeros(3, float64), t);

        TensorAssert.Close(product, a.matmul(t), 1e-12, "A t");
    }
}
