using static TorchSharp.torch;

namespace Mnist.Functional.Autodiff;

public static partial class Diff
{
    /// <summary>
    /// The Hessian of a scalar function, <c>H = ∂²f/∂x²</c>: <c>x: S -> H: S ++ S</c> (an <c>[n, n]</c> matrix for a vector).
    /// </summary>
    /// <remarks>
    /// The Jacobian of the gradient, <c>Jacobian(Grad(f, createGraph: true))</c>: one reverse pass for the
    /// gradient and one double-backward pass per element of <c>x</c>, so it is for small inputs; for
    /// large ones use <see cref="HessianVectorProduct"/>.
    /// </remarks>
    /// <param name="f">A scalar function of one tensor whose operations support double backward.</param>
    public static Func<Tensor, Tensor> Hessian(Func<Tensor, Tensor> f) => Jacobian(Grad(f, createGraph: true));

    /// <summary>
    /// The Hessian-vector product without forming the Hessian: <c>(x: S, v: S) -> H v: S</c> with <c>H = ∂²f/∂x²</c>.
    /// </summary>
    /// <remarks>
    /// Two reverse passes: <c>H v = ∂(∇f(x) · v)/∂x</c>, the vector-Jacobian product of the gradient with
    /// <c>v</c> (the Hessian is symmetric, so <c>vᵀH = (H v)ᵀ</c>).
    /// </remarks>
    /// <param name="f">A scalar function of one tensor whose operations support double backward.</param>
    public static Func<Tensor, Tensor, Tensor> HessianVectorProduct(Func<Tensor, Tensor> f)
    {
        var vectorJacobianOfGradient = Vjp(Grad(f, createGraph: true));
        return (x, v) => vectorJacobianOfGradient(x, v).VectorJacobian;
    }
}
