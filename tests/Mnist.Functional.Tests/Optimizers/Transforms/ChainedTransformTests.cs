using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers.Transforms;

public sealed class ChainedTransformTests
{
    [Test]
    public void Stages_Run_In_Order_And_Each_Keeps_Its_State_Under_Its_Position()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("w", tensor(new[] { 1.0, 2.0 })));
        var chain = new AddDecayedWeights(0.5).Then(new Trace(0.9)).Then(new ScaleByLearningRate(0.1));

        var (updates, state) = chain.Update(parameters, chain.Init(parameters), parameters, 0);

        Assert.Multiple(() =>
        {
            Assert.That(((ChainedTransform)chain).Stages, Has.Length.EqualTo(3), "nested chains flatten");
            Assert.That(state.Paths, Is.EqualTo(new[] { "1.momentum_buffer.w" }));
            TensorAssert.Close(state["1.momentum_buffer.w"], tensor(new[] { 1.5, 3.0 }), 1e-12, "g + 0.5 w");
            TensorAssert.Close(updates["w"], tensor(new[] { -0.15, -0.3 }), 1e-12, "−0.1 · buffer");
        });
    }

    [Test]
    public void Chains_With_The_Same_Stages_Are_Equal()
    {
        Assert.That(GradientTransform.Chain(new ScaleByAdam(), new ScaleByLearningRate(0.1)),
            Is.EqualTo(new ScaleByAdam().Then(new ScaleByLearningRate(0.1))));
    }
}
