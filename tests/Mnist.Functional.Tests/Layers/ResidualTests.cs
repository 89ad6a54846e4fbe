using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class ResidualTests
{
    [Test]
    public void Output_Is_The_Input_Plus_The_Inner_Layer_Whose_Parameters_And_State_Are_Nested_Under_Its_Name()
    {
        using var scope = NewDisposeScope();
        var inner = Conv2d(2, 2, 3, padding: 1).Then(BatchNorm2d(2));
        var layer = Residual(inner, "body");
        var (parameters, state) = layer.Init(new Generator(1));
        var x = randn(2, 2, 5, 5, generator: new Generator(2));

        var (output, newState) = layer.Apply(parameters, state, x, Mode.Train());
        var (expected, expectedState) = inner.Apply(parameters.Child("body"), state.Child("body"), x, Mode.Train());

        Assert.Multiple(() =>
        {
            Assert.That(parameters.Paths, Is.EqualTo(new[] { "body.0.weight", "body.0.bias", "body.1.weight", "body.1.bias" }));
            Assert.That(newState.Paths, Is.EqualTo(new[] { "body.1.running_mean", "body.1.running_var", "body.1.num_batches_tracked" }));
            TensorAssert.BitIdentical(output, x + expected, "output");
            TensorAssert.BitIdentical(newState.Child("body"), expectedState);
        });
    }

    [Test]
    public void Gradients_Pass_A_Finite_Difference_Check()
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(Residual(Linear(3, 3).Then(Tanh)), randn(2, 3, generator: new Generator(3))), Is.LessThan(1e-6));
    }

    [Test]
    public void An_Inner_Layer_That_Changes_The_Shape_Is_Named_With_Both_Shapes()
    {
        using var scope = NewDisposeScope();

        var model = Sequential(("block", Residual(Linear(4, 3))));

        Assert.That(() => model.Apply(model.Init(new Generator(0)).Params, zeros(2, 4), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer block (Residual(x + fn(x))) expects the output of fn of shape [2, 4] but got [2, 3]."));
    }

    [Test]
    public void Errors_Inside_The_Inner_Layer_Carry_The_Full_Path()
    {
        using var scope = NewDisposeScope();

        var model = Sequential(("block", Residual(Linear(4, 4).Then(Linear(5, 4)))));

        Assert.That(() => model.Apply(model.Init(new Generator(0)).Params, zeros(2, 4), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Property(nameof(ShapeMismatchException.Path)).EqualTo("block.fn.1"));
    }
}
