using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class DropoutTests
{
    [Test]
    public void Evaluation_Passes_The_Input_Through_As_TorchSharps_Dropout_Does()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(Dropout(0.3), nn.Dropout(0.3), randn(4, 10, generator: new Generator(1)), Mode.Eval);
    }

    [Test]
    public void Training_Zeroes_About_A_Fraction_P_And_Scales_Survivors_By_One_Over_One_Minus_P()
    {
        using var scope = NewDisposeScope();
        var x = ones(200, 500);

        var y = Dropout(0.3).Apply(Params.Empty, x, Mode.Train(new Generator(7)));

        var zeroed = y.eq(0).to(float32).mean().item<float>();
        var survivors = y.masked_select(y.ne(0));
        Assert.Multiple(() =>
        {
            Assert.That(zeroed, Is.EqualTo(0.3).Within(0.01));
            TensorAssert.Close(survivors, full_like(survivors, 1 / 0.7), 1e-6, "survivors");
        });
    }

    [Test]
    public void The_Same_Seed_Draws_The_Same_Mask_And_Another_Seed_Another()
    {
        using var scope = NewDisposeScope();
        var x = randn(8, 50, generator: new Generator(1));
        var layer = Dropout(0.5);

        var a = layer.Apply(Params.Empty, x, Mode.Train(new Generator(3)));
        var b = layer.Apply(Params.Empty, x, Mode.Train(new Generator(3)));
        var c = layer.Apply(Params.Empty, x, Mode.Train(new Generator(4)));

        TensorAssert.BitIdentical(a, b);
        Assert.That(TensorAssert.MaxDifference(a, c), Is.GreaterThan(0));
    }

    [Test]
    public void Gradients_In_Training_Pass_A_Finite_Difference_Check()
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(Dropout(0.4), randn(3, 8, generator: new Generator(3)), training: true), Is.LessThan(1e-6));
    }

    [Test]
    public void Training_Without_A_Generator_Names_The_Layer_And_Says_How_To_Pass_One()
    {
        using var scope = NewDisposeScope();

        var model = Linear(4, 4).Then(Relu).Then(Dropout(0.5));

        Assert.That(() => model.Apply(model.Init(new Generator(0)).Params, ones(2, 4), Mode.Train()),
            Throws.TypeOf<GeneratorRequiredException>().With.Message.EqualTo(
                "Layer 2 (Dropout(p=0.5)) draws random numbers in training mode, but the mode has no generator: pass one with Mode.Train(new Generator(seed)), or use Mode.Eval."));
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    public void The_Extremes_Keep_Everything_Or_Nothing(double p)
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 6, generator: new Generator(1));

        var y = Dropout(p).Apply(Params.Empty, x, Mode.Train(new Generator(2)));

        TensorAssert.BitIdentical(y, p == 0 ? x : zeros_like(x));
    }
}
