using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers.Transforms;

public sealed class FreezeUpdatesTests
{
    [Test]
    public void A_Frozen_Layers_Parameters_Keep_Their_Values_Through_Adam_With_Weight_Decay_And_The_Rest_Move()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("0.weight", ones(2, 2)), ("0.bias", ones(2)), ("10.weight", ones(3)), ("1.weight", ones(2)));
        var optimizer = new AdamW(0.1, WeightDecay: 0.5).Freezing(["0", "1"]);
        var state = optimizer.Init(parameters);

        var current = parameters;
        for (var step = 0; step < 3; step++)
            (current, state) = optimizer.Update(current.Map(t => full_like(t, 2.0)), state, current);

        Assert.Multiple(() =>
        {
            TensorAssert.Close(current["0.weight"], ones(2, 2), 0, "layer 0's weight");
            TensorAssert.Close(current["0.bias"], ones(2), 0, "layer 0's bias");
            TensorAssert.Close(current["1.weight"], ones(2), 0, "layer 1");
            Assert.That(current["10.weight"].lt(0.9).all().item<bool>(), Is.True, "layer 10 is not under layer 1, and moves");
        });
    }

    [Test]
    public void Freezing_No_Layer_Is_The_Optimizer_Itself()
    {
        Optimizer optimizer = new Sgd(0.1);

        Assert.That(optimizer.Freezing([]), Is.SameAs(optimizer));
    }
}
