using Mnist.Functional.Autodiff;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Autodiff;

public sealed class DiffVjpTests
{
    /// <summary>f: R³ -> R², f(x) = (x₀x₁, sin x₂ + x₀²).</summary>
    internal static Tensor F(Tensor x) => stack([x[0] * x[1], x[2].sin() + x[0].square()]);

    /// <summary>The Jacobian of <see cref="F"/> by central differences, one column per input element.</summary>
    internal static Tensor FiniteDifferenceJacobian(Func<Tensor, Tensor> f, Tensor x, double epsilon = 1e-6)
    {
        var columns = Enumerable.Range(0, (int)x.numel()).Select(i =>
        {
            var step = zeros_like(x);
            step[i] = tensor(epsilon, float64);
            return (f(x + step) - f(x - step)) / (2 * epsilon);
        });
        return stack(columns.ToArray(), dim: 1);
    }

    [Test]
    public void Vjp_Equals_The_Jacobian_Transposed_Times_V()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.3, -1.2, 2.0 });
        var v = tensor(new[] { 0.7, -0.4 });

        var (value, product) = Diff.Vjp(F)(x, v);

        var jacobian = FiniteDifferenceJacobian(F, x);
        Assert.Multiple(() =>
        {
            TensorAssert.Close(value, F(x), 0, "value");
            TensorAssert.Close(product, jacobian.t().matmul(v), 1e-8, "vᵀJ");
        });
    }

    [Test]
    public void Jacobian_Has_Output_Then_Input_Shape_And_Equals_Finite_Differences()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.3, -1.2, 2.0 });

        var jacobian = Diff.Jacobian(F)(x);

        TensorAssert.Close(jacobian, FiniteDifferenceJacobian(F, x), 1e-8, "J");
    }

    [Test]
    public void Vjp_Refuses_A_Cotangent_Of_The_Wrong_Shape()
    {
        using var scope = NewDisposeScope();

        Assert.That(() => Diff.Vjp(F)(ones(3, dtype: float64), ones(3, dtype: float64)),
            Throws.ArgumentException.With.Message.Contains("[3]").And.Message.Contains("[2]"));
    }
}
