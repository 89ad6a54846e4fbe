using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

/// <summary>The gradient with respect to a convolution's input, where libtorch's own float32 kernel is wrong for some channel counts.</summary>
public sealed class Conv2dInputGradientTests
{
    [TestCase(1, 4, 3)]
    [TestCase(1, 6, 5)]
    [TestCase(4, 12, 3)]
    [TestCase(1, 16, 3)]
    [TestCase(2, 20, 3)]
    public void Agrees_with_float64_for_a_batch_of_several(int inChannels, int outChannels, int kernel)
    {
        using var scope = NewDisposeScope();
        var layer = new Conv2d(inChannels, outChannels, kernel);
        var variables = layer.Init(new Generator(2));
        var input = rand(6, inChannels, 28, 28, generator: new Generator(3));
        var cotangent = randn(6, outChannels, 29 - kernel, 29 - kernel, generator: new Generator(4));
        Tensor Gradient(ScalarType type)
        {
            var parameters = variables.Params.Map(tensor => tensor.to(type));
            var leaf = input.to(type).detach().requires_grad_();
            return autograd.grad([(layer.Apply(parameters, leaf, Mode.Eval) * cotangent.to(type)).sum()], [leaf])[0];
        }
        var single = Gradient(ScalarType.Float32);
        var exact = Gradient(ScalarType.Float64);
        TensorAssert.Close(single, exact.to(float32), 1e-4 * exact.abs().max().item<double>(), "input gradient, float32 against float64");
    }

    [Test]
    public void Gives_the_same_output_bit_for_bit_whether_or_not_a_gradient_is_wanted()
    {
        using var scope = NewDisposeScope();
        var layer = new Conv2d(1, 6, 5);
        var variables = layer.Init(new Generator(2));
        var input = rand(5, 1, 28, 28, generator: new Generator(3));
        var plain = layer.Apply(variables.Params, input, Mode.Eval);
        var traced = layer.Apply(variables.Params, input.detach().requires_grad_(), Mode.Eval);
        TensorAssert.BitIdentical(traced.detach(), plain);
        Assert.That(traced.shape, Is.EqualTo(new long[] { 5, 6, 24, 24 }));
    }
}
