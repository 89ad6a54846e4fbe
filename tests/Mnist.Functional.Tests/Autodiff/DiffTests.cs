using Mnist.Functional.Autodiff;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Autodiff;

public sealed class DiffTests
{
    [Test]
    public void Grad_Of_A_Sum_Of_Cubes_Is_Three_X_Squared_And_Detached()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1.0, -2.0, 0.5 });

        var (value, grad) = Diff.ValueAndGrad(t => t.pow(3).sum())(x);

        Assert.Multiple(() =>
        {
            Assert.That(value.item<double>(), Is.EqualTo(1 - 8 + 0.125).Within(1e-12));
            TensorAssert.Close(grad, 3 * x.square(), 1e-12, "gradient");
            Assert.That(grad.requires_grad || value.requires_grad, Is.False, "results hold no graph");
            Assert.That(x.requires_grad, Is.False, "the input is left as it was");
        });
    }

    [Test]
    public void Grad_Over_Params_Equals_Backward_Through_A_Linear_Layer()
    {
        using var scope = NewDisposeScope();
        var layer = new Linear(3, 2);
        var parameters = layer.Init(new Generator(1)).Params;
        var x = randn(5, 3, generator: new Generator(2));
        Tensor Loss(Params p) => layer.Apply(p, x, Mode.Eval).square().mean();

        var grads = Diff.Grad(Loss)(parameters);

        var leaves = parameters.RequiringGrad();
        Loss(leaves).backward();
        Assert.Multiple(() =>
        {
            Assert.That(grads.Paths, Is.EqualTo(new[] { "weight", "bias" }));
            TensorAssert.Close(grads["weight"], leaves["weight"].grad!, 1e-6, "weight");
            TensorAssert.Close(grads["bias"], leaves["bias"].grad!, 1e-6, "bias");
        });
    }

    [Test]
    public void A_Parameter_The_Loss_Does_Not_Use_Gets_A_Zero_Gradient()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("used", ones(2)), ("unused", ones(3)));

        var grads = Diff.Grad(p => p["used"].sum())(parameters);

        TensorAssert.BitIdentical(grads["unused"], zeros(3), "unused");
    }

    [Test]
    public void With_Aux_Returns_The_Auxiliary_Result_Beside_Value_And_Grads()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("w", tensor(new[] { 2.0, 3.0 })));

        var result = Diff.ValueAndGradWithAux(p => (p["w"].square().sum(), Aux: p["w"].detach() * 10))(parameters);

        Assert.Multiple(() =>
        {
            Assert.That(result.Value.item<double>(), Is.EqualTo(13));
            TensorAssert.Close(result.Grads["w"], tensor(new[] { 4.0, 6.0 }), 0, "grads");
            TensorAssert.Close(result.Aux, tensor(new[] { 20.0, 30.0 }), 0, "aux");
        });
    }

    [Test]
    public void Nested_Grad_With_Create_Graph_Gives_The_Second_Derivative()
    {
        using var scope = NewDisposeScope();
        var firstDerivative = Diff.Grad(x => x.pow(3).sum(), createGraph: true);

        var secondDerivative = Diff.Grad(x => firstDerivative(x).sum())(tensor(new[] { 2.0, -1.0 }));

        TensorAssert.Close(secondDerivative, tensor(new[] { 12.0, -6.0 }), 1e-12, "6x");
    }

    [Test]
    public void Grad_Works_Under_No_Grad()
    {
        using var scope = NewDisposeScope();
        using var gradientsOff = no_grad();

        var grad = Diff.Grad(x => x.square().sum())(tensor(new[] { 3.0 }));

        TensorAssert.Close(grad, tensor(new[] { 6.0 }), 0, "2x");
    }

    [Test]
    public void A_Non_Scalar_Value_Is_Refused_With_Its_Shape()
    {
        using var scope = NewDisposeScope();

        Assert.That(() => Diff.Grad(x => x * 2)(ones(2, 3)),
            Throws.ArgumentException.With.Message.Contains("[2, 3]").And.Message.Contains(".mean()"));
    }
}
