using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class TrainedModelTests
{
    private static readonly RunSpec Config = new RunSpec(Zoo.LeNet5, DatasetCatalog.Mnist, Zoo.LeNet5.Recipe, Seed: 4) { Normalisation = new PixelStats(0.1307, 0.3081) };

    [Test]
    public void Load_Rebuilds_The_Named_Zoo_Model_With_The_Saved_Variables_And_Preprocessing()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var setup = new TrainingSetup(Zoo.LeNet5.Network, Zoo.LeNet5.Recipe.OptimizerFor(10, 1), 1, Seed: 4);
        using var state = TrainState.Init(setup, new Generator(4));
        TrainingCheckpoint.Save(folder.File("run"), state, [], RunSpecJson.ToJson(Config));

        using var trained = TrainedModel.Load(folder.File("run"));

        Assert.Multiple(() =>
        {
            Assert.That(trained.Spec, Is.EqualTo(Config));
            Assert.That(trained.Model, Is.SameAs(Zoo.LeNet5));
            Assert.That(trained.Dataset.ClassNames, Has.Count.EqualTo(10));
        });
        TensorAssert.BitIdentical(trained.Variables.Params, state.Variables.Params);
        var pixels = full(new long[] { 1, 28, 28 }, 255, dtype: ScalarType.Byte);
        Assert.That(trained.Preprocessing(pixels)[0, 0, 0, 0].item<float>(), Is.EqualTo((1 - 0.1307) / 0.3081).Within(1e-5));
    }

    [Test]
    public void A_Checkpoint_Without_A_Run_Configuration_Says_So()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var setup = new TrainingSetup(Zoo.LeNet5.Network, Zoo.LeNet5.Recipe.OptimizerFor(10, 1), 1);
        using var state = TrainState.Init(setup, new Generator(4));
        TrainingCheckpoint.Save(folder.File("run"), state, [], []);

        Assert.That(() => TrainedModel.Load(folder.File("run")),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("it was not saved by a training run"));
    }

    [Test]
    public void A_Checkpoint_Of_Another_Architecture_Names_The_Mismatched_Tensors()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var setup = new TrainingSetup(Zoo.Mlp.Network, Zoo.Mlp.Recipe.OptimizerFor(10, 1), 1);
        using var state = TrainState.Init(setup, new Generator(4));
        TrainingCheckpoint.Save(folder.File("run"), state, [], RunSpecJson.ToJson(Config));

        Assert.That(() => TrainedModel.Load(folder.File("run")),
            Throws.InstanceOf<Mnist.Functional.Checkpoints.CheckpointMismatchException>().With.Message.Contains("missing 0.weight [6, 1, 5, 5]"));
    }

    [Test]
    public void A_Checkpoint_Written_Before_Architectures_Were_Saved_Loads_The_Zoo_Model_By_Name()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var setup = new TrainingSetup(Zoo.LeNet5.Network, Zoo.LeNet5.Recipe.OptimizerFor(10, 1), 1, Seed: 4);
        using var state = TrainState.Init(setup, new Generator(4));
        var old = RunSpecJson.ToJson(Config);
        old.Remove(RunModelJson.ArchitectureField);
        TrainingCheckpoint.Save(folder.File("run"), state, [], old);

        using var trained = TrainedModel.Load(folder.File("run"));

        Assert.That(trained.Model, Is.SameAs(Zoo.LeNet5));
    }
}
