using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Autodiff;

/// <summary>What <see cref="Diff.ValueAndGradWithAux{TAux}"/> returns: the scalar value, its gradient tree and the auxiliary result.</summary>
/// <typeparam name="TAux">The auxiliary result's type, such as the logits and the layers' new state.</typeparam>
/// <param name="Value">The differentiated value, a scalar (detached).</param>
/// <param name="Grads">∂Value/∂params, with the same paths and shapes as the parameters.</param>
/// <param name="Aux">The auxiliary result, as the function made it.</param>
public sealed record ValueGradAux<TAux>(Tensor Value, Params Grads, TAux Aux);
