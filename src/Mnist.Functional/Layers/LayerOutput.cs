using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Layers;

/// <summary>What <see cref="Layer.Apply(Mnist.Functional.Parameters.Params, Mnist.Functional.Parameters.Params, TorchSharp.torch.Tensor, Mode)"/> returns: the output and the layer's state after the call.</summary>
/// <param name="Output">The layer's output tensor.</param>
/// <param name="State">The state to pass to the next call (updated in training mode by stateful layers; unchanged otherwise).</param>
public readonly record struct LayerOutput(Tensor Output, Params State);
