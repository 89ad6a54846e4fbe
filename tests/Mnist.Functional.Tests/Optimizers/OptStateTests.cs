using Mnist.Functional.Autodiff;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Optimizers;

public sealed class OptStateTests
{
    [Test]
    public void ToParams_Names_The_Step_And_Every_Moment_And_FromParams_Rebuilds_The_State()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("fc.weight", ones(2, 3)), ("fc.bias", ones(2)));
        var optimizer = new Adam(0.1);
        var (_, state) = optimizer.Update(Diff.Grad(p => p["fc.weight"].sum() + p["fc.bias"].sum())(parameters), optimizer.Init(parameters), parameters);

        var tree = state.ToParams();
        var rebuilt = OptState.FromParams(tree);

        Assert.Multiple(() =>
        {
            Assert.That(tree.Paths, Is.EqualTo(new[] { "step", "1.exp_avg.fc.weight", "1.exp_avg.fc.bias", "1.exp_avg_sq.fc.weight", "1.exp_avg_sq.fc.bias" }));
            Assert.That(rebuilt.Step, Is.EqualTo(1));
            TensorAssert.BitIdentical(rebuilt.Moments, state.Moments);
        });
    }

    [Test]
    public void A_Restored_State_Continues_Exactly_As_The_Original()
    {
        using var scope = NewDisposeScope();
        var parameters = Params.Of(("w", tensor(new[] { 1.0, -2.0 })));
        var optimizer = new RmsProp(0.1, Momentum: 0.9, Centered: true);
        var grads = Diff.Grad(p => p["w"].pow(4).sum());
        var (afterOne, state) = optimizer.Update(grads(parameters), optimizer.Init(parameters), parameters);

        var (continued, _) = optimizer.Update(grads(afterOne), state, afterOne);
        var (resumed, _) = optimizer.Update(grads(afterOne), OptState.FromParams(state.ToParams()), afterOne);

        TensorAssert.BitIdentical(resumed, continued);
    }
}
