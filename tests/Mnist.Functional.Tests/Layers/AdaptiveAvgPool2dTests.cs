using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class AdaptiveAvgPool2dTests
{
    [Test]
    public void Output_And_Input_Gradient_Equal_TorchSharps_AdaptiveAvgPool2d_For_Uneven_Windows()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(AdaptiveAvgPool2d((3, 2)), nn.AdaptiveAvgPool2d((3, 2)), randn(2, 3, 7, 9, generator: new Generator(1)), Mode.Eval);
    }

    [Test]
    public void Output_Size_One_Is_The_Global_Average()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 5, 6, generator: new Generator(2));

        TensorAssert.Close(AdaptiveAvgPool2d(1).Apply(Params.Empty, x, Mode.Eval), x.mean([2, 3], keepdim: true), 1e-6);
    }

    [Test]
    public void Gradients_Pass_A_Finite_Difference_Check()
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(AdaptiveAvgPool2d(2), randn(2, 2, 5, 5, generator: new Generator(3))), Is.LessThan(1e-6));
    }
}
