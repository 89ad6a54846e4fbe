using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class ChainTests
{
    private static readonly Layer Relu = new Lambda("relu", x => nn.functional.relu(x));

    [Test]
    public void Then_Flattens_And_Names_Children_By_Position_Like_Sequential()
    {
        using var scope = NewDisposeScope();

        var model = new Linear(4, 8).Then(Relu).Then(new Linear(8, 2));

        var parameters = model.Init(new Generator(0)).Params;

        Assert.Multiple(() =>
        {
            Assert.That(model.Layers.Select(child => child.Name), Is.EqualTo(new[] { "0", "1", "2" }));
            Assert.That(parameters.Paths, Is.EqualTo(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }));
        });
    }

    [Test]
    public void Named_Children_Namespace_Their_Parameters()
    {
        using var scope = NewDisposeScope();

        var model = Chain.Of(("fc1", new Linear(4, 8)), ("act", Relu), ("fc2", new Linear(8, 2)));

        Assert.That(model.Init(new Generator(0)).Params.Paths, Is.EqualTo(new[] { "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" }));
    }

    [Test]
    public void Apply_Composes_The_Children_In_Order()
    {
        using var scope = NewDisposeScope();
        var first = new Linear(3, 3);
        var second = new Linear(3, 2);
        var model = first.Then(Relu).Then(second);
        var parameters = model.Init(new Generator(3)).Params;
        var x = randn(5, 3, generator: new Generator(4));

        var composed = model.Apply(parameters, x, Mode.Eval);
        var byHand = second.Apply(parameters.Child("2"), nn.functional.relu(first.Apply(parameters.Child("0"), x, Mode.Eval)), Mode.Eval);

        TensorAssert.BitIdentical(composed, byHand);
    }

    [Test]
    public void Equal_Hyper_Parameters_Make_Equal_Layers()
    {
        static Chain Build(int outputs) => new Linear(4, 8).Then(new Linear(8, outputs));

        var model = Build(2);

        Assert.Multiple(() =>
        {
            Assert.That(model, Is.EqualTo(Build(2)));
            Assert.That(model.GetHashCode(), Is.EqualTo(Build(2).GetHashCode()));
            Assert.That(model, Is.Not.EqualTo(Build(3)));
        });
    }
}
