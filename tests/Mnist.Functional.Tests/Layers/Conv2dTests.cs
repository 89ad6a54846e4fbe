using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using TorchSharp;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class Conv2dTests
{
    private static Tensor Images(int channels, int size = 9) => randn(2, channels, size, size, generator: new Generator(21));

    [Test]
    public void Output_And_Gradients_Equal_TorchSharps_Conv2d()
    {
        using var scope = NewDisposeScope();

        // 16 output channels: for counts that are not a whole number of vector blocks libtorch's own input gradient is wrong (Conv2dInputGradientTests).
        TorchReference.AssertSameAsModule(Conv2d(3, 16, 3), nn.Conv2d(3, 16, 3), Images(3), Mode.Eval);
    }

    [Test]
    public void Stride_And_Explicit_Padding_Equal_TorchSharps_Conv2d()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(Conv2d(3, 4, (3, 2), stride: (2, 1), padding: (1, 2)),
            nn.Conv2d(3, 4, (3, 2), stride: (2, 1), padding: (1, 2)), Images(3), Mode.Eval);
    }

    [Test]
    public void Same_Padding_Keeps_Height_And_Width_And_Equals_TorchSharps_Conv2d_Even_For_Even_Kernels()
    {
        using var scope = NewDisposeScope();
        var layer = Conv2d(3, 16, (4, 3), padding: Padding2d.Same, dilation: (1, 2));

        TorchReference.AssertSameAsModule(layer, nn.Conv2d(3, 16, (4, 3), Padding.Same, dilation: (1, 2)), Images(3), Mode.Eval);
        Assert.That(layer.Apply(layer.Init(new Generator(0)).Params, Images(3), Mode.Eval).shape, Is.EqualTo(new long[] { 2, 16, 9, 9 }));
    }

    [Test]
    public void Dilation_Equals_TorchSharps_Conv2d()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(Conv2d(2, 16, 3, dilation: 2), nn.Conv2d(2, 16, 3, dilation: 2), Images(2), Mode.Eval);
    }

    [Test]
    public void Groups_Without_Bias_Equal_TorchSharps_Conv2d()
    {
        using var scope = NewDisposeScope();
        var layer = Conv2d(4, 6, 3, groups: 2, bias: false);

        TorchReference.AssertSameAsModule(layer, nn.Conv2d(4, 6, 3, groups: 2, bias: false), Images(4), Mode.Eval);
        Assert.That(layer.Init(new Generator(0)).Params.ToString(), Is.EqualTo("weight [6, 2, 3, 3]"));
    }

    [TestCase(1, 0, 1, 1)]
    [TestCase(2, 1, 1, 1)]
    [TestCase(1, -1, 2, 1)]
    [TestCase(1, 0, 1, 2)]
    public void Gradients_Pass_A_Finite_Difference_Check(int stride, int padding, int dilation, int groups)
    {
        using var scope = NewDisposeScope();

        var layer = Conv2d(2, 2, 3, stride, padding < 0 ? Padding2d.Same : padding, dilation, groups);

        Assert.That(FiniteDifferences.MaxRelativeError(layer, randn(2, 2, 6, 6, generator: new Generator(3))), Is.LessThan(1e-6));
    }

    [Test]
    public void Default_Init_Is_PyTorchs_Uniform_Within_One_Over_Root_Fan_In_And_Follows_The_Seed()
    {
        using var scope = NewDisposeScope();
        var layer = Conv2d(4, 8, 3, groups: 2);

        var a = layer.Init(new Generator(1)).Params;
        var b = layer.Init(new Generator(1)).Params;
        var c = layer.Init(new Generator(2)).Params;

        var bound = 1 / Math.Sqrt(2 * 3 * 3);
        TensorAssert.BitIdentical(a, b);
        Assert.Multiple(() =>
        {
            Assert.That(TensorAssert.MaxDifference(a["weight"], c["weight"]), Is.GreaterThan(0));
            Assert.That(TensorAssert.MaxDifference(a["bias"], c["bias"]), Is.GreaterThan(0));
            Assert.That(a["weight"].abs().max().item<float>(), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.9 * bound));
            Assert.That(a["bias"].abs().max().item<float>(), Is.LessThanOrEqualTo(bound));
        });
    }

    [Test]
    public void Default_Init_Draws_What_TorchSharps_Conv2d_Draws_From_The_Same_Seed()
    {
        using var scope = NewDisposeScope();

        var ours = Conv2d(3, 5, 3).Init(manual_seed(42)).Params;
        manual_seed(42);
        var module = nn.Conv2d(3, 5, 3);

        TensorAssert.Close(ours["weight"], module.weight!, 1e-7, "weight");
        TensorAssert.Close(ours["bias"], module.bias!, 1e-7, "bias");
    }

    [Test]
    public void Multiply_Adds_Are_Output_Elements_Times_Inputs_Per_Group_Times_Kernel_Area()
    {
        var layer = Conv2d(4, 6, (3, 2), groups: 2);

        Assert.That(layer.MultiplyAddsPerSample([8, 4, 10, 10], [8, 6, 8, 9]), Is.EqualTo(6 * 8 * 9 * (4 / 2) * 3 * 2));
    }

    [Test]
    public void Wrong_Channels_Name_The_Layer_Path_And_Both_Shapes()
    {
        using var scope = NewDisposeScope();

        var model = Conv2d(1, 8, 3).Then(Relu).Then(Conv2d(16, 4, 3));

        Assert.That(() => model.Apply(model.Init(new Generator(0)).Params, zeros(2, 1, 10, 10), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer 2 (Conv2d(16, 4, 3)) expects input of shape [B, 16, H, W] but got [2, 8, 8, 8]."));
    }

    [Test]
    public void Wrong_Rank_Names_The_Layer_And_Both_Shapes()
    {
        using var scope = NewDisposeScope();

        var layer = Conv2d(1, 8, 3);

        Assert.That(() => layer.Apply(layer.Init(new Generator(0)).Params, zeros(28, 28), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer (Conv2d(1, 8, 3)) expects input of shape [B, 1, H, W] but got [28, 28]."));
    }

    [Test]
    public void An_Input_Smaller_Than_The_Kernel_Says_How_Large_It_Must_Be()
    {
        using var scope = NewDisposeScope();

        var layer = Conv2d(1, 8, 5, dilation: 2);

        Assert.That(() => layer.Apply(layer.Init(new Generator(0)).Params, zeros(1, 1, 8, 9), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer (Conv2d(1, 8, 5, dilation=2)) expects input of shape [B, 1, H, W] with H ≥ 9, W ≥ 9 but got [1, 1, 8, 9]."));
    }

    [Test]
    public void Same_Padding_With_A_Stride_Or_Channels_Not_Divisible_By_Groups_Are_Refused()
    {
        using var scope = NewDisposeScope();

        Assert.Multiple(() =>
        {
            Assert.That(() => Conv2d(1, 8, 3, stride: 2, padding: Padding2d.Same).Init(new Generator(0)),
                Throws.ArgumentException.With.Message.Contains("padding \"same\" needs stride 1"));
            Assert.That(() => Conv2d(3, 8, 3, groups: 2).Init(new Generator(0)),
                Throws.ArgumentException.With.Message.Contains("divide by groups=2"));
        });
    }
}
