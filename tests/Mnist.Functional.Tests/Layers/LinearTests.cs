using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class LinearTests
{
    [Test]
    public void Output_And_Gradients_Equal_TorchSharps_Linear_Module()
    {
        using var scope = NewDisposeScope();
        var layer = new Linear(5, 3);
        var parameters = layer.Init(new Generator(7)).Params.RequiringGrad();
        var x = randn(4, 5, generator: new Generator(8));
        var module = nn.Linear(5, 3);
        using (no_grad())
        {
            module.weight!.copy_(parameters["weight"]);
            module.bias!.copy_(parameters["bias"]);
        }

        var ours = layer.Apply(parameters, x, Mode.Eval);
        var theirs = module.forward(x);
        var ourGrads = autograd.grad([ours.sum()], parameters.Tensors);
        theirs.sum().backward();

        Assert.Multiple(() =>
        {
            TensorAssert.Close(ours, theirs, 1e-5, "output");
            TensorAssert.Close(ourGrads[0], module.weight!.grad!, 1e-5, "weight gradient");
            TensorAssert.Close(ourGrads[1], module.bias!.grad!, 1e-5, "bias gradient");
        });
    }

    [Test]
    public void Init_Is_Bit_Identical_For_A_Seed_And_Differs_Across_Seeds()
    {
        using var scope = NewDisposeScope();

        var layer = new Linear(10, 4);

        var a = layer.Init(new Generator(1)).Params;
        var b = layer.Init(new Generator(1)).Params;
        var c = layer.Init(new Generator(2)).Params;

        TensorAssert.BitIdentical(a, b);
        Assert.Multiple(() =>
        {
            Assert.That(TensorAssert.MaxDifference(a["weight"], c["weight"]), Is.GreaterThan(0));
            Assert.That(a["weight"].abs().max().item<float>(), Is.LessThanOrEqualTo(1 / MathF.Sqrt(10)));
        });
    }

    [Test]
    public void Gradients_Pass_A_Finite_Difference_Check()
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(new Linear(4, 3), randn(2, 5, 4, generator: new Generator(3))), Is.LessThan(1e-6));
    }

    [Test]
    public void Default_Init_Draws_What_TorchSharps_Linear_Draws_From_The_Same_Seed()
    {
        using var scope = NewDisposeScope();

        var ours = new Linear(6, 4).Init(manual_seed(42)).Params;
        manual_seed(42);
        var module = nn.Linear(6, 4);

        TensorAssert.Close(ours["weight"], module.weight!, 1e-7, "weight");
        TensorAssert.Close(ours["bias"], module.bias!, 1e-7, "bias");
    }

    [Test]
    public void Init_Can_Be_Replaced_With_Another_Initializer()
    {
        using var scope = NewDisposeScope();
        var layer = new Linear(400, 300) with { WeightInit = Mnist.Functional.Initializers.Init.KaimingNormal(), BiasInit = Mnist.Functional.Initializers.Init.Zeros };

        var parameters = layer.Init(new Generator(1)).Params;

        Assert.Multiple(() =>
        {
            Assert.That(parameters["weight"].std().item<float>(), Is.EqualTo(Math.Sqrt(2.0 / 400)).Within(0.01 * Math.Sqrt(2.0 / 400)));
            TensorAssert.BitIdentical(parameters["bias"], zeros(300), "bias");
        });
    }

    [Test]
    public void A_Wrong_Input_Width_Names_The_Layer_Path_And_Both_Shapes()
    {
        using var scope = NewDisposeScope();

        var wrongModel = Chain.Of(new Linear(4, 8), new Linear(9, 2));

        Assert.That(() => wrongModel.Apply(wrongModel.Init(new Generator(0)).Params, ones(3, 4), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer 1 (Linear(9, 2)) expects input of shape [*, 9] but got [3, 8]."));
    }
}
