using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class ActivationTests
{
    [Test]
    public void Activations_Of_The_Same_Function_Are_Equal_And_Print_As_PyTorch_Names_Them() =>
        Assert.Multiple(() =>
        {
            Assert.That(new Activation(ActivationFunction.Relu), Is.EqualTo(Relu));
            Assert.That(Relu, Is.Not.EqualTo(Gelu));
            Assert.That(new Layer[] { Relu, Gelu, Silu, Tanh, Sigmoid }.Select(layer => layer.Describe()), Is.EqualTo(new[] { "ReLU", "GELU", "SiLU", "Tanh", "Sigmoid" }));
        });

    [Test]
    public void A_Relu_Made_Anew_Is_Fused_In_A_Chain_Like_Nn_Relu_With_The_Same_Bits()
    {
        using var scope = NewDisposeScope();
        var input = randn([3, 6], generator: new Generator(1));
        var anew = Sequential(Linear(6, 4), new Activation(ActivationFunction.Relu));
        var variables = anew.Init(new Generator(2));

        var output = anew.Apply(variables.Params, input, Mode.Eval);

        TensorAssert.BitIdentical(output, Sequential(Linear(6, 4), Relu).Apply(variables.Params, input, Mode.Eval));
        TensorAssert.BitIdentical(output, nn.functional.relu(nn.functional.linear(input, variables.Params["0.weight"], variables.Params["0.bias"])));
    }

    [Test]
    public void An_Activation_Keeps_The_Shape_Of_Any_Input() =>
        Assert.That(Gelu.OutputShape([2, 3, 4, 5]), Is.EqualTo(new long[] { 2, 3, 4, 5 }));
}
