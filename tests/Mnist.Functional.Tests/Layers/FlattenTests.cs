using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class FlattenTests
{
    [Test]
    public void Output_And_Input_Gradient_Equal_TorchSharps_Flatten_Keeping_The_Batch()
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(Flatten(), nn.Flatten(), randn(2, 3, 4, 5, generator: new Generator(1)), Mode.Eval);
    }

    [Test]
    public void Given_Dimensions_Are_Merged_Counting_Negative_Ones_From_The_End()
    {
        using var scope = NewDisposeScope();

        var output = Flatten(1, -2).Apply(Params.Empty, zeros(2, 3, 4, 5), Mode.Eval);

        Assert.That(output.shape, Is.EqualTo(new long[] { 2, 12, 5 }));
    }

    [Test]
    public void Gradients_Pass_A_Finite_Difference_Check()
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(Flatten(), randn(2, 2, 3, 3, generator: new Generator(3))), Is.LessThan(1e-6));
    }

    [Test]
    public void Dimensions_The_Input_Lacks_Name_The_Layer_And_The_Shape()
    {
        using var scope = NewDisposeScope();

        Assert.That(() => Flatten(1, 3).Apply(Params.Empty, zeros(2, 3), Mode.Eval),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer (Flatten(1, 3)) expects input of shape a tensor with dimensions 1 to 3 but got [2, 3]."));
    }
}
