using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Checkpoints;

public sealed class CheckpointStoreTests
{
    private static readonly Chain Model = new Linear(4, 3).Then(new Linear(3, 2));

    private static Checkpoint Sample(int seed)
    {
        var variables = Model.Init(new Generator((ulong)seed));
        var state = Params.Of(("1.running_mean", full(2, (float)seed)));
        var optimizer = variables.Params.Map(t => zeros_like(t) + seed).Prefixed("momentum");
        var generator = new Generator((ulong)seed);
        return new Checkpoint(variables with { State = state }, optimizer, generator.get_state().data<byte>().ToArray(), 3, 300,
            new JsonObject { ["model"] = "test", ["seed"] = seed });
    }

    [Test]
    public void Save_Then_Load_Restores_Every_Part()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var saved = Sample(1);
        var template = Sample(2);

        CheckpointStore.Save(folder.File("run"), saved);
        var loaded = CheckpointStore.Load(folder.File("run"), template.Variables, template.OptimizerState);

        TensorAssert.BitIdentical(loaded.Variables.Params, saved.Variables.Params);
        TensorAssert.BitIdentical(loaded.Variables.State, saved.Variables.State);
        TensorAssert.BitIdentical(loaded.OptimizerState, saved.OptimizerState);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.GeneratorState, Is.EqualTo(saved.GeneratorState));
            Assert.That((loaded.Epoch, loaded.Step), Is.EqualTo((3, 300L)));
            Assert.That(loaded.Metadata["model"]!.GetValue<string>(), Is.EqualTo("test"));
            Assert.That(Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "run" }), "no staging folder is left, and the writer deleted its lock file when it let go");
        });
    }

    [Test]
    public void Saving_Again_Replaces_The_Old_Checkpoint_Whole()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        CheckpointStore.Save(folder.File("run"), Sample(1));

        CheckpointStore.Save(folder.File("run"), Sample(7));
        var loaded = CheckpointStore.Load(folder.File("run"), Sample(2).Variables, Sample(2).OptimizerState);

        Assert.That(loaded.Metadata["seed"]!.GetValue<int>(), Is.EqualTo(7));
        TensorAssert.BitIdentical(loaded.Variables.Params, Sample(7).Variables.Params);
    }

    [Test]
    public void A_Corrupted_Tensor_File_Is_Detected_By_Its_Checksum()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        CheckpointStore.Save(folder.File("run"), Sample(1));
        var modelFile = Path.Combine(folder.File("run"), CheckpointStore.ModelFile);
        var bytes = File.ReadAllBytes(modelFile);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(modelFile, bytes);

        Assert.That(() => CheckpointStore.Load(folder.File("run"), Sample(2).Variables, Sample(2).OptimizerState),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(modelFile).And.Message.Contains("SHA-256"));
    }

    [Test]
    public void A_Folder_Without_A_Checkpoint_Says_What_To_Pass()
    {
        using var folder = new TempFolder();

        Assert.That(() => CheckpointStore.ReadManifest(folder.Path),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("checkpoint.json is missing"));
    }

    [Test]
    public void Loading_Into_A_Mismatched_Model_Names_The_Tensors()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        CheckpointStore.Save(folder.File("run"), Sample(1));
        var wider = new Linear(4, 8).Then(new Linear(8, 2)).Init(new Generator(0));

        Assert.That(() => CheckpointStore.Load(folder.File("run"), wider with { State = Sample(1).Variables.State }, Sample(1).OptimizerState),
            Throws.TypeOf<CheckpointMismatchException>().With.Message.Contains("0.weight is [3, 4] in the file but the model needs [8, 4]"));
    }
}
