using static TorchSharp.torch;

namespace Mnist.Functional.Autodiff;

public static partial class Diff
{
    /// <summary>
    /// The vector-Jacobian product, one reverse pass: <c>(x: S, v: T) -> (f(x): T, vᵀ J: S)</c> where
    /// <c>J = ∂f/∂x</c> and <c>f: S -> T</c>.
    /// </summary>
    /// <param name="f">Any differentiable function of one tensor.</param>
    /// <param name="createGraph">Keep the graph so the product can itself be differentiated.</param>
    public static Func<Tensor, Tensor, (Tensor Value, Tensor VectorJacobian)> Vjp(Func<Tensor, Tensor> f, bool createGraph = false) =>
        (x, v) =>
        {
            using var gradientMode = enable_grad();
            var leaf = Leaf(x, createGraph);
            var value = f(leaf);
            RequireSameShape(v, value, "the cotangent v", "f(x)");
            var product = Gradients([value], [leaf], [v], createGraph)[0];
            return (Finish(value, createGraph), product);
        };

    /// <summary>
    /// The Jacobian, one reverse pass per output element: <c>x: S -> ∂f/∂x: T ++ S</c> for <c>f: S -> T</c>
    /// (a matrix <c>[m, n]</c> for vectors).
    /// </summary>
    /// <remarks>
    /// Row <c>i</c> is the vector-Jacobian product with the <c>i</c>-th unit vector; meant for small
    /// functions. An output that does not depend on <c>x</c> gives zeros.
    /// </remarks>
    /// <param name="f">Any differentiable function of one tensor.</param>
    /// <param name="createGraph">Keep the graph so the Jacobian can itself be differentiated.</param>
    public static Func<Tensor, Tensor> Jacobian(Func<Tensor, Tensor> f, bool createGraph = false) =>
        x =>
        {
            using var gradientMode = enable_grad();
            var leaf = Leaf(x, createGraph);
            var value = f(leaf);
            if (!value.requires_grad) return zeros([.. value.shape, .. leaf.shape], leaf.dtype);
            var flat = value.reshape(-1);
            var rows = Enumerable.Range(0, (int)flat.numel())
                .Select(i => Gradients([flat[i]], [leaf], cotangents: null, createGraph, retainGraph: true)[0])
                .ToArray();
            var jacobian = rows.Length == 0 ? zeros([0, .. leaf.shape], leaf.dtype) : stack(rows);
            return jacobian.reshape([.. value.shape, .. leaf.shape]);
        };

    private static void RequireSameShape(Tensor actual, Tensor expected, string actualName, string expectedName)
    {
        if (!actual.shape.SequenceEqual(expected.shape))
            throw new ArgumentException(
                $"{actualName} has shape {Tensors.Shapes.Format(actual.shape)} but {expectedName} has shape {Tensors.Shapes.Format(expected.shape)}; they must match.");
    }
}
