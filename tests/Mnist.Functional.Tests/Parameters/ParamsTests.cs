using Mnist.Functional.Parameters;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Parameters;

public sealed class ParamsTests
{
    private static Params Sample() => Params.Of(
        ("conv1.weight", ones(2, 1, 3, 3)),
        ("conv1.bias", zeros(2)),
        ("fc.weight", full(3, 4, 2f)));

    [Test]
    public void Paths_Keep_Insertion_Order_And_Elements_Are_Counted()
    {
        var tree = Sample();

        Assert.Multiple(() =>
        {
            Assert.That(tree.Paths, Is.EqualTo(new[] { "conv1.weight", "conv1.bias", "fc.weight" }));
            Assert.That(tree.Count, Is.EqualTo(3));
            Assert.That(tree.ElementCount, Is.EqualTo(18 + 2 + 12));
        });
    }

    [Test]
    public void Child_And_Prefixed_Move_Between_Levels()
    {
        var tree = Sample();

        var conv = tree.Child("conv1");

        Assert.Multiple(() =>
        {
            Assert.That(conv.Paths, Is.EqualTo(new[] { "weight", "bias" }));
            Assert.That(conv.Prefixed("features").Paths, Is.EqualTo(new[] { "features.weight", "features.bias" }));
            Assert.That(Params.Nest(("a", conv), ("b", tree.Child("fc"))).Paths, Is.EqualTo(new[] { "a.weight", "a.bias", "b.weight" }));
        });
    }

    [Test]
    public void Map_And_Zip_Return_New_Trees_And_Leave_The_Original_Alone()
    {
        var tree = Sample();

        var doubled = tree.Map(t => t * 2);
        var summed = tree.Zip(doubled, (a, b) => a + b);

        Assert.Multiple(() =>
        {
            Assert.That(tree["fc.weight"].mean().item<float>(), Is.EqualTo(2f));
            Assert.That(doubled["fc.weight"].mean().item<float>(), Is.EqualTo(4f));
            Assert.That(summed["fc.weight"].mean().item<float>(), Is.EqualTo(6f));
            Assert.That(summed.Paths, Is.EqualTo(tree.Paths));
        });
    }

    [Test]
    public void Fold_Visits_Every_Tensor_In_Order()
    {
        var visited = Sample().Fold(new List<string>(), (list, path, _) => { list.Add(path); return list; });

        Assert.That(visited, Is.EqualTo(Sample().Paths));
    }

    [Test]
    public void Zip_Of_Different_Trees_Names_The_First_Difference()
    {
        var other = Sample().With("fc.weight", ones(4, 4));

        Assert.That(() => Sample().Zip(other, (a, b) => a + b),
            Throws.ArgumentException.With.Message.Contains("'fc.weight' has shape [3, 4] in one tree and [4, 4] in the other"));
    }

    [Test]
    public void Repeated_Or_Malformed_Paths_Are_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Params.Of(("w", ones(1)), ("w", ones(1))), Throws.ArgumentException.With.Message.Contains("'w' appears twice"));
            Assert.That(() => Params.Of(("a..b", ones(1))), Throws.ArgumentException.With.Message.Contains("'a..b' is not a parameter path"));
        });
    }

    [Test]
    public void A_Missing_Path_Lists_The_Paths_There_Are()
    {
        Assert.That(() => Sample()["fc.bias"], Throws.TypeOf<KeyNotFoundException>()
            .With.Message.Contains("No parameter 'fc.bias'").And.Message.Contains("conv1.weight, conv1.bias, fc.weight"));
    }
}
