using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>Fine-tuning's start: a trained model's tensors carried into a run's network, the head fresh when the classes differ.</summary>
public sealed class WarmStartTests
{
    private static readonly DatasetInfo Letters = new("letters", "Letters", [.. Enumerable.Range(0, 26).Select(i => ((char)('A' + i)).ToString())], [], []);

    [Test]
    public void Every_Tensor_Is_Carried_Over_And_Only_The_Head_Starts_Fresh_When_The_Classes_Differ()
    {
        using var scope = NewDisposeScope();
        using var source = Trained(Zoo.Mlp, DatasetCatalog.Mnist);
        var spec = RunSpec.Of(Zoo.Mlp, Letters, seed: 5);

        var start = WarmStart.From(source, spec);

        var head = WarmStart.HeadOf(spec.Network);
        Assert.Multiple(() =>
        {
            Assert.That(start.FreshLayers, Is.EqualTo(new[] { head }));
            Assert.That(start.Variables.Params[$"{head}.weight"].shape, Is.EqualTo(new long[] { 26, 256 }));
            foreach (var path in start.Variables.Params.Paths.Where(path => !path.StartsWith(head + ".", StringComparison.Ordinal)))
                Assert.That(start.Variables.Params[path].equal(source.Variables.Params[path]).all().item<bool>(), Is.True, path);
        });
    }

    [Test]
    public void The_Same_Classes_Keep_The_Head_Too()
    {
        using var scope = NewDisposeScope();
        using var source = Trained(Zoo.Mlp, DatasetCatalog.Mnist);

        var start = WarmStart.From(source, RunSpec.Of(Zoo.Mlp, DatasetCatalog.Mnist, seed: 9));

        Assert.Multiple(() =>
        {
            Assert.That(start.FreshLayers, Is.Empty);
            foreach (var path in start.Variables.Params.Paths)
                Assert.That(start.Variables.Params[path].equal(source.Variables.Params[path]).all().item<bool>(), Is.True, path);
        });
    }

    [Test]
    public void Another_Model_Or_Image_Size_Is_Refused_Naming_What_Differs()
    {
        using var scope = NewDisposeScope();
        using var source = Trained(Zoo.Mlp, DatasetCatalog.Mnist);
        var bigger = Letters with { Image = new ImageShape(32, 32) };

        Assert.Multiple(() =>
        {
            Assert.That(() => WarmStart.From(source, RunSpec.Of(Zoo.LeNet5, DatasetCatalog.Mnist)), Throws.ArgumentException.With.Message.Contains("fine-tuning keeps the architecture"));
            Assert.That(() => WarmStart.From(source, RunSpec.Of(Zoo.Mlp, bigger)), Throws.ArgumentException.With.Message.Contains("32 × 32").And.Message.Contains("the images must be the same size"));
        });
    }

    [Test]
    public void Layers_To_Freeze_Are_Checked_Against_The_Network()
    {
        var network = Zoo.Fast.Network;
        var layers = WarmStart.LayersWithParameters(network);

        Assert.Multiple(() =>
        {
            Assert.That(WarmStart.Frozen(network, "fast", [FineTuning.AllButHead]), Is.EqualTo(layers.SkipLast(1)));
            Assert.That(WarmStart.Frozen(network, "fast", [layers[0]]), Is.EqualTo(new[] { layers[0] }));
            Assert.That(() => WarmStart.Frozen(network, "fast", ["99"]), Throws.ArgumentException.With.Message.Contains("no layer '99'").And.Message.Contains(string.Join(", ", layers)));
            Assert.That(() => WarmStart.Frozen(network, "fast", [.. layers]), Throws.ArgumentException.With.Message.Contains("nothing would learn"));
        });
    }

    private static TrainedModel Trained(ZooModel model, DatasetInfo dataset)
    {
        var spec = RunSpec.Of(model, dataset);
        using var generator = new Generator(3);
        var variables = spec.Network.Init(generator);
        variables.Params.DetachFromDisposeScope();
        variables.State.DetachFromDisposeScope();
        return new TrainedModel(spec, variables);
    }
}
