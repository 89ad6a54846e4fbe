using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class MaxPool2dTests
{
    [Test]
    public void Output_And_Input_Gradient_Equal_TorchSharps_MaxPool2d()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(MaxPool2d(2), nn.MaxPool2d(2), randn(2, 3, 9, 9, generator: new Generator(1)), Mode.Eval);
    }

    [Test]
    public void Stride_Padding_Dilation_And_Ceil_Mode_Equal_TorchSharps_MaxPool2d()
    {
        using var scope = NewDisposeScope();
        var layer = new MaxPool2d(3) { Stride = 2, Padding = 1, Dilation = 2, CeilMode = true };

        TorchReference.AssertSameAsModule(layer, nn.MaxPool2d(3, stride: 2, padding: 1, dilation: 2, ceil_mode: true),
            randn(2, 3, 10, 10, generator: new Generator(2)), Mode.Eval);
        Assert.That(layer.Describe(), Is.EqualTo("MaxPool2d(3, stride=2, padding=1, dilation=2, ceil_mode=True)"));
    }

    [TestCase(new long[] { 2, 3, 9, 9 }, 2, 2)]
    [TestCase(new long[] { 4, 16, 24, 24 }, 2, 2)]
    [TestCase(new long[] { 3, 7, 8 }, 2, 3)]
    [TestCase(new long[] { 1, 2, 3, 3 }, 3, 3)]
    public void Without_A_Gradient_Tiled_Windows_Give_Exactly_Max_Pool2ds_Values(long[] shape, int kernelHeight, int kernelWidth)
    {
        using var scope = NewDisposeScope();
        var input = randn(shape, generator: new Generator(4));
        input[0, 0, 0] = float.NaN;   // NaN propagates as in max_pool2d

        using var gradientsOff = no_grad();
        var output = MaxPool2d((kernelHeight, kernelWidth)).Apply(Params.Empty, input, Mode.Eval);
        var expected = nn.functional.max_pool2d(input, [kernelHeight, kernelWidth]);

        Assert.That(output.shape, Is.EqualTo(expected.shape));
        Assert.That(output.isnan().equal(expected.isnan()).all().item<bool>() && output.nan_to_num().equal(expected.nan_to_num()).all().item<bool>(), Is.True);
    }

    [Test]
    public void With_A_Gradient_A_Tiled_Pool_Routes_It_Like_Max_Pool2d()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(MaxPool2d(2), nn.MaxPool2d(2), nn.functional.relu(randn(8, 16, 24, 24, generator: new Generator(6))), Mode.Train(new Generator(7)), tolerance: 0);
    }

    [Test]
    public void Gradients_Pass_A_Finite_Difference_Check()
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(MaxPool2d(2, stride: 1), randn(2, 2, 5, 5, generator: new Generator(3))), Is.LessThan(1e-6));
    }

    [Test]
    public void A_Flat_Input_Names_The_Layer_And_Both_Shapes()
    {
        using var scope = NewDisposeScope();

        Assert.That(() => MaxPool2d(2).Apply(Params.Empty, zeros(4, 784), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer (MaxPool2d(2)) expects input of shape [B, C, H, W] or [C, H, W] but got [4, 784]."));
    }
}
