using static TorchSharp.torch;

namespace Mnist.Functional.Autodiff;

public static partial class Diff
{
    /// <summary>
    /// The Jacobian-vector product (forward-mode derivative): <c>(x: S, t: S) -> (f(x): T, J t: T)</c>
    /// where <c>J = ∂f/∂x</c> and <c>f: S -> T</c>.
    /// </summary>
    /// <remarks>
    /// TorchSharp exposes no forward-mode automatic differentiation, so this is built from two reverse
    /// passes (the "double-vjp trick"). The first pass computes <c>g(u) = uᵀJ</c> for a dummy cotangent
    /// <c>u</c> that requires gradients, keeping the graph; <c>g</c> is linear in <c>u</c>, so its own
    /// vector-Jacobian product with <c>t</c> is <c>tᵀ(∂g/∂u) = (J t)ᵀ</c>, which the second pass gives.
    /// The value of <c>u</c> does not matter (zeros are used). It costs about twice a reverse pass and
    /// needs every operation in <paramref name="f"/> to support double backward.
    /// </remarks>
    /// <param name="f">A function of one tensor whose operations support double backward.</param>
    public static Func<Tensor, Tensor, (Tensor Value, Tensor JacobianVector)> Jvp(Func<Tensor, Tensor> f) =>
        (x, t) =>
        {
            using var gradientMode = enable_grad();
            RequireSameShape(t, x, "the tangent t", "x");
            var leaf = Leaf(x, createGraph: false);
            var value = f(leaf);
            var dummyCotangent = zeros_like(value).requires_grad_();
            var transposedProduct = Gradients([value], [leaf], [dummyCotangent], createGraph: true)[0];
            var product = Gradients([transposedProduct], [dummyCotangent], [t], createGraph: false)[0];
            return (value.detach(), product);
        };
}
