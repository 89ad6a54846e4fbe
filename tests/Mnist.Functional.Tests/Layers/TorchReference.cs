using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

/// <summary>Runs a layer and TorchSharp's own module with the same weights and compares what they give.</summary>
internal static class TorchReference
{
    /// <summary>
    /// Copies the layer's fresh parameters and state into <paramref name="module"/> by their PyTorch names, runs both
    /// on <paramref name="input"/>, and asserts that outputs, parameter gradients and input gradients agree within
    /// <paramref name="tolerance"/>. Returns the layer's state after the call, for stateful layers.
    /// </summary>
    public static Params AssertSameAsModule(Layer layer, nn.Module<Tensor, Tensor> module, Tensor input, Mode mode, double tolerance = 1e-5, ulong seed = 5)
    {
        var variables = layer.Init(new Generator(seed));
        var parameters = variables.Params.RequiringGrad();
        var moduleParameters = module.named_parameters().ToDictionary(named => named.name, named => (Tensor)named.parameter);
        Assert.That(parameters.Paths, Is.EquivalentTo(moduleParameters.Keys), "parameter names");
        using (no_grad())
        {
            foreach (var (path, tensor) in parameters) moduleParameters[path].copy_(tensor);
            foreach (var (name, buffer) in module.named_buffers()) buffer.copy_(variables.State[name]);
        }
        module.train(mode.IsTraining);

        var ourInput = input.detach().requires_grad_();
        var theirInput = input.detach().requires_grad_();
        var (output, state) = layer.Apply(parameters, variables.State, ourInput, mode);
        var expected = module.forward(theirInput);
        // A random cotangent, so that gradients of a sum's symmetric parts cannot cancel by chance.
        var weights = empty_like(expected).normal_(generator: new Generator(seed + 1));
        var gradients = autograd.grad([(output * weights).sum()], parameters.Tensors.Append(ourInput).ToList());
        (expected * weights).sum().backward();

        Assert.Multiple(() =>
        {
            TensorAssert.Close(output, expected, tolerance, "output");
            foreach (var (path, gradient) in parameters.Paths.Zip(gradients))
                TensorAssert.Close(gradient, moduleParameters[path].grad!, tolerance, $"gradient of {path}");
            TensorAssert.Close(gradients[^1], theirInput.grad!, tolerance, "gradient of the input");
        });
        return state;
    }
}
