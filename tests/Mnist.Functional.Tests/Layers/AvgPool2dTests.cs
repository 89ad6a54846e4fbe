using Mnist.Functional.Layers;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class AvgPool2dTests
{
    [Test]
    public void Output_And_Input_Gradient_Equal_TorchSharps_AvgPool2d()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(AvgPool2d(2), nn.AvgPool2d(2), randn(2, 3, 9, 9, generator: new Generator(1)), Mode.Eval);
    }

    [Test]
    public void Stride_Padding_And_Excluded_Padding_Equal_TorchSharps_AvgPool2d()
    {
        using var scope = NewDisposeScope();
        var layer = new AvgPool2d(3) { Stride = 2, Padding = 1, CountIncludePad = false };

        TorchReference.AssertSameAsModule(layer, nn.AvgPool2d(3, stride: 2, padding: 1, count_include_pad: false),
            randn(2, 3, 10, 10, generator: new Generator(2)), Mode.Eval);
    }

    [Test]
    public void Gradients_Pass_A_Finite_Difference_Check()
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(AvgPool2d(2, padding: 1), randn(2, 2, 5, 5, generator: new Generator(3))), Is.LessThan(1e-6));
    }
}
