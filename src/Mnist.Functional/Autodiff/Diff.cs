using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Autodiff;

/// <summary>
/// Differentiation as higher-order functions: each member takes a function and returns the function
/// that computes its derivative, <c>Grad(f) = ∇f</c>. Built on <c>torch.autograd.grad</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each call of a returned function runs <c>f</c> once on a fresh leaf copy of its input (which shares
/// storage, so nothing is copied or mutated) and takes the derivative with one reverse pass. Gradient
/// mode is switched on for the call, so the functions also work under <c>torch.no_grad()</c>.
/// </para>
/// <para>
/// The results are detached: they hold no autograd graph. With <c>createGraph: true</c> they keep it,
/// so they can be differentiated again, and an input that already requires gradients (because an outer
/// <see cref="Diff"/> function is tracing it) is used as it is rather than copied: that is how
/// <c>Grad(x => Grad(f, createGraph: true)(x).sum())</c> and <see cref="Hessian"/> work.
/// </para>
/// <para>
/// Every tensor a call makes (the forward graph, the gradients) belongs to the caller's dispose scope:
/// run a training step inside <c>using var scope = torch.NewDisposeScope();</c> and move out only what
/// you keep, with <see cref="Params.MoveToOuterDisposeScope"/>.
/// </para>
/// </remarks>
public static partial class Diff
{
    /// <summary>The gradient of a scalar function of one tensor: <c>x: S -> ∂f/∂x: S</c>.</summary>
    /// <param name="f">A function whose result is a scalar (a tensor with one element).</param>
    /// <param name="createGraph">Keep the graph so the gradient can itself be differentiated.</param>
    public static Func<Tensor, Tensor> Grad(Func<Tensor, Tensor> f, bool createGraph = false)
    {
        var valueAndGrad = ValueAndGrad(f, createGraph);
        return x => valueAndGrad(x).Grad;
    }

    /// <summary>The value and the gradient of a scalar function of one tensor: <c>x: S -> (f(x): [], ∂f/∂x: S)</c>.</summary>
    /// <param name="f">A function whose result is a scalar (a tensor with one element).</param>
    /// <param name="createGraph">Keep the graph so the gradient can itself be differentiated.</param>
    public static Func<Tensor, (Tensor Value, Tensor Grad)> ValueAndGrad(Func<Tensor, Tensor> f, bool createGraph = false)
    {
        var overTree = ValueAndGrad(parameters => f(parameters[InputPath]), createGraph);
        return x =>
        {
            var (value, grads) = overTree(AsTree(x));
            return (value, grads[InputPath]);
        };
    }

    /// <summary>The gradient of a scalar function of a parameter tree: <c>params -> ∂f/∂params</c>, a tree with the same paths and shapes.</summary>
    /// <param name="f">A function whose result is a scalar, such as a loss.</param>
    /// <param name="createGraph">Keep the graph so the gradients can themselves be differentiated.</param>
    public static Func<Params, Params> Grad(Func<Params, Tensor> f, bool createGraph = false)
    {
        var valueAndGrad = ValueAndGrad(f, createGraph);
        return parameters => valueAndGrad(parameters).Grads;
    }

    /// <summary>The value and the gradient of a scalar function of a parameter tree: <c>params -> (f(params): [], ∂f/∂params)</c>.</summary>
    /// <param name="f">A function whose result is a scalar, such as a loss.</param>
    /// <param name="createGraph">Keep the graph so the gradients can themselves be differentiated.</param>
    public static Func<Params, (Tensor Value, Params Grads)> ValueAndGrad(Func<Params, Tensor> f, bool createGraph = false)
    {
        var withAux = ValueAndGradWithAux(parameters => (f(parameters), true), createGraph);
        return parameters =>
        {
            var result = withAux(parameters);
            return (result.Value, result.Grads);
        };
    }

    /// <summary>
    /// The value, the gradient and an auxiliary result of a function of a parameter tree:
    /// <c>params -> (f(params).Value: [], ∂f.Value/∂params, f(params).Aux)</c>.
    /// </summary>
    /// <remarks>
    /// The auxiliary result is what a training step needs besides the loss and is not differentiated:
    /// the logits, or the layers' new state (batch-norm running statistics). It is returned as
    /// <paramref name="f"/> made it; detach its tensors (<c>logits.detach()</c>) if you keep them past
    /// the step. A parameter that does not take part in the value gets a zero gradient.
    /// </remarks>
    /// <param name="f">A function giving a scalar value to differentiate and an auxiliary result.</param>
    /// <param name="createGraph">Keep the graph so the gradients can themselves be differentiated.</param>
    public static Func<Params, ValueGradAux<TAux>> ValueAndGradWithAux<TAux>(Func<Params, (Tensor Value, TAux Aux)> f, bool createGraph = false) =>
        parameters =>
        {
            using var gradientMode = enable_grad();
            var leaves = parameters.Map(tensor => Leaf(tensor, createGraph));
            var (value, aux) = f(leaves);
            RequireScalar(value, "the function's value");
            var grads = Gradients([value], leaves.Tensors, cotangents: null, createGraph);
            return new(Finish(value, createGraph), Params.Of(leaves.Paths.Zip(grads, KeyValuePair.Create)), aux);
        };

    /// <summary>The path under which a lone tensor is differentiated, and named in <see cref="GradCheckReport"/>.</summary>
    internal const string InputPath = "x";

    internal static Params AsTree(Tensor x) => Params.Of((InputPath, x));

    /// <summary>A tensor autograd tracks from here: a detached leaf copy, or the tensor itself when an outer trace needs the link kept.</summary>
    internal static Tensor Leaf(Tensor tensor, bool createGraph) =>
        createGraph && tensor.requires_grad ? tensor : tensor.detach().requires_grad_();

    /// <summary>The vector-Jacobian products of <paramref name="outputs"/> with respect to <paramref name="inputs"/>; an input that does not take part gets zeros.</summary>
    internal static Tensor[] Gradients(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor>? cotangents, bool createGraph, bool retainGraph = false)
    {
        var grads = autograd.grad(outputs, inputs, cotangents, retain_graph: createGraph || retainGraph, create_graph: createGraph, allow_unused: true);
        return inputs.Zip(grads, (input, grad) => grad.IsInvalid ? zeros_like(input) : Finish(grad, createGraph)).ToArray();
    }

    internal static Tensor Finish(Tensor tensor, bool createGraph) => createGraph ? tensor : tensor.detach();

    internal static void RequireScalar(Tensor value, string what)
    {
        if (value.numel() != 1)
            throw new ArgumentException($"Differentiation needs a scalar, but {what} has shape {Tensors.Shapes.Format(value.shape)}; reduce it first (for example with .mean()).", nameof(value));
    }
}
