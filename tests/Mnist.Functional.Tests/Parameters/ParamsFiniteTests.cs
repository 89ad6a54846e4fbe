using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Parameters;

public sealed class ParamsFiniteTests
{
    [Test]
    public void The_First_Tensor_With_A_NaN_Or_An_Infinity_Is_Named_And_Integer_Tensors_Count_As_Finite()
    {
        using var scope = NewDisposeScope();
        var finite = Params.Of(("a", ones(3)), ("count", tensor(5L)));

        Assert.Multiple(() =>
        {
            Assert.That(finite.FirstNonFinite(), Is.Null);
            Assert.That(Params.Empty.FirstNonFinite(), Is.Null);
            Assert.That(finite.With("b", tensor(new[] { 1f, float.NaN })).FirstNonFinite(), Is.EqualTo("b"));
            Assert.That(Params.Of(("x", tensor(float.PositiveInfinity)), ("y", tensor(float.NaN))).FirstNonFinite(), Is.EqualTo("x"));
            Assert.That(Params.Of(("x", tensor(new[] { 1.0, double.NegativeInfinity }))).FirstNonFinite(), Is.EqualTo("x"));
        });
    }
}
