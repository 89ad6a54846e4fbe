using Mnist.Functional.Autodiff;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Autodiff;

public sealed class DiffHessianTests
{
    private static (Tensor A, Func<Tensor, Tensor> QuadraticForm) NonSymmetricQuadratic()
    {
        var a = randn(4, 4, float64, generator: new Generator(5));
        return (a, x => 0.5 * x.dot(a.matmul(x)));
    }

    [Test]
    public void Hessian_Of_Half_X_A_X_Is_The_Symmetric_Part_Of_A()
    {
        using var scope = NewDisposeScope();
        var (a, f) = NonSymmetricQuadratic();

        var hessian = Diff.Hessian(f)(randn(4, float64, generator: new Generator(6)));

        TensorAssert.Close(hessian, (a + a.t()) / 2, 1e-12, "H");
    }

    [Test]
    public void Hessian_Of_A_Non_Quadratic_Function_Equals_The_Analytic_One()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.5, -1.5 });

        var hessian = Diff.Hessian(v => (v[0] * v[1]).sin())(x);

        var (p, q) = (x[0].item<double>(), x[1].item<double>());
        var (s, c) = (Math.Sin(p * q), Math.Cos(p * q));
        var expected = tensor(new[,] { { -q * q * s, c - p * q * s }, { c - p * q * s, -p * p * s } });
        TensorAssert.Close(hessian, expected, 1e-12, "H");
    }

    [Test]
    public void Hessian_Vector_Product_Equals_H_Times_V()
    {
        using var scope = NewDisposeScope();
        var (a, f) = NonSymmetricQuadratic();
        var x = randn(4, float64, generator: new Generator(7));
        var v = randn(4, float64, generator: new Generator(8));

        var product = Diff.HessianVectorProduct(f)(x, v);

        Assert.Multiple(() =>
        {
            TensorAssert.Close(product, ((a + a.t()) / 2).matmul(v), 1e-12, "H v");
            TensorAssert.Close(product, Diff.Hessian(f)(x).matmul(v), 1e-12, "against the full Hessian");
            Assert.That(product.requires_grad, Is.False);
        });
    }
}
