using Mnist.Functional.Autodiff;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers.Transforms;

public sealed class ClipByGlobalNormTests
{
    [TestCase(0.5, TestName = "Clipped gradients equal clip_grad_norm_ when the norm is too large")]
    [TestCase(1e3, TestName = "Gradients under the norm pass unchanged, as with clip_grad_norm_")]
    public void Equals_TorchSharps_Clip_Grad_Norm(double maxNorm)
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("a", randn(3, 4, float64, generator: new Generator(41))), ("b", randn(5, float64, generator: new Generator(42))));
        static Tensor Loss(Params p) => p["a"].pow(3).sum() + (p["b"] * 4).exp().sum();
        var grads = Diff.Grad(Loss)(parameters);

        var (clipped, _) = new ClipByGlobalNorm(maxNorm).Update(grads, Params.Empty, parameters, 0);

        var reference = parameters.Map(t => (Tensor)new TorchSharp.Modules.Parameter(t.clone()));
        Loss(reference).backward();
        nn.utils.clip_grad_norm_(reference.Tensors.Cast<TorchSharp.Modules.Parameter>(), maxNorm);
        TensorAssert.Close(clipped, reference.Map(t => t.grad!), 1e-12);
    }

    [Test]
    public void The_Clipped_Global_Norm_Is_The_Maximum()
    {
        using var scope = NewDisposeScope();
        var grads = Params.Of(("a", tensor(new[] { 30.0, 0.0 })), ("b", tensor(new[] { 40.0 })));

        var (clipped, _) = new ClipByGlobalNorm(5).Update(grads, Params.Empty, grads, 0);

        Assert.Multiple(() =>
        {
            TensorAssert.Close(clipped["a"], tensor(new[] { 3.0, 0.0 }), 1e-6, "a");
            TensorAssert.Close(clipped["b"], tensor(new[] { 4.0 }), 1e-6, "b");
        });
    }
}
