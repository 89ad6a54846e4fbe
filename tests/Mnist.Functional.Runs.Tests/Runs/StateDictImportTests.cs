using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>A PyTorch state_dict saved as safetensors becomes a checkpoint folder the library reads.</summary>
public sealed class StateDictImportTests
{
    private static readonly PixelStats MnistLike = new(0.1307, 0.3081);

    [Test]
    public void A_State_Dict_In_PyTorchs_Layout_Becomes_A_Checkpoint_With_The_Same_Tensors_And_Its_Configuration()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var model = Zoo.Fast;
        var weights = Statistics.Randomised(model.Network.Init(new Generator(9)), seed: 10);
        SafeTensorsFile.Save(folder.File("fast.safetensors"), weights.Params.Concat(weights.State));

        StateDictImport.ToCheckpoint(folder.File("fast.safetensors"), model, DatasetCatalog.Mnist, MnistLike, folder.File("checkpoint"));
        using var trained = TrainedModel.Load(folder.File("checkpoint"));

        Assert.Multiple(() =>
        {
            Assert.That(trained.Model, Is.EqualTo(model));
            Assert.That(trained.Dataset, Is.EqualTo(DatasetCatalog.Mnist));
            Assert.That(trained.Spec.Normalisation, Is.EqualTo(MnistLike));
            foreach (var (path, expected) in weights.Params.Concat(weights.State))
            {
                var actual = trained.Variables.Params.Contains(path) ? trained.Variables.Params[path] : trained.Variables.State[path];
                Assert.That(actual.equal(expected).all().item<bool>(), Is.True, path);
            }
        });
    }

    [Test]
    public void An_Imported_Checkpoint_Resumes_With_A_Fresh_Optimizer_State_At_Epoch_Zero()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var model = Zoo.PyTorchCnn;
        var weights = model.Network.Init(new Generator(1));
        SafeTensorsFile.Save(folder.File("w.safetensors"), weights.Params.Concat(weights.State));

        StateDictImport.ToCheckpoint(folder.File("w.safetensors"), model, DatasetCatalog.Mnist, MnistLike, folder.File("checkpoint"));
        var setup = model.Recipe.SetupFor(model.Network, stepsPerEpoch: 10, seed: 1);
        var (state, _, _) = TrainingCheckpoint.Load(folder.File("checkpoint"), setup);
        using (state)
        {
            Assert.Multiple(() =>
            {
                Assert.That(state.CompletedEpochs, Is.Zero);
                Assert.That(state.Step, Is.Zero);
                Assert.That(state.Optimizer.Moments.Count, Is.GreaterThan(0), "Adadelta's accumulators are there, zero");
            });
        }
    }

    [Test]
    public void Weights_For_Another_Architecture_Are_Refused_With_Every_Difference_Listed()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var lenet = Zoo.LeNet5.Network.Init(new Generator(1));
        SafeTensorsFile.Save(folder.File("lenet5.safetensors"), lenet.Params.Concat(lenet.State));

        var error = Assert.Throws<CheckpointMismatchException>(() =>
            StateDictImport.ToCheckpoint(folder.File("lenet5.safetensors"), Zoo.KerasCnn, DatasetCatalog.Mnist, MnistLike, folder.File("checkpoint")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Differences, Does.Contain("0.weight is [6, 1, 5, 5] in the file but the model needs [32, 1, 3, 3]"));
            Assert.That(error.Differences, Does.Contain("missing 8.weight [10, 1600]"));
            Assert.That(error.Differences, Does.Contain("unexpected 11.bias"));
            Assert.That(error.Differences, Has.Count.EqualTo(4 + 2 + 6), "conv 0 and conv 3 mis-shaped (4), fc 8 missing (2), lenet's 7, 9, 11 unexpected (6)");
            Assert.That(Directory.Exists(folder.File("checkpoint")), Is.False, "nothing is written");
        });
    }

    // Zoo.Fast's weights with one tensor spoilt as the case says.
    private static Parameters.Params Spoilt(string how)
    {
        var weights = Zoo.Fast.Network.Init(new Generator(1));
        var all = weights.Params.Concat(weights.State);
        using (no_grad())
        {
            switch (how)
            {
                case "nan": all["0.weight"][0, 0, 0, 0] = float.NaN; break;
                case "infinity": all["0.weight"][0, 0, 0, 0] = float.PositiveInfinity; break;
                case "negative variance": all[RunningVariance(all)][0] = -1f; break;
                case "huge": all["0.weight"].fill_(3e38f); break;
            }
        }
        return all;
    }

    private static string RunningVariance(Parameters.Params all) => all.First(entry => entry.Key.EndsWith(".running_var", StringComparison.Ordinal)).Key;

    [TestCase("nan", "the tensor 0.weight holds NaN or infinite values")]
    [TestCase("infinity", "the tensor 0.weight holds NaN or infinite values")]
    [TestCase("negative variance", "a batch norm's running variance, holds a negative value (-1)")]
    [TestCase("huge", "its values are too large for float32 arithmetic")]
    public void Weights_Every_Later_Command_Would_Refuse_Are_Refused_Before_Anything_Is_Written(string how, string said)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        SafeTensorsFile.Save(folder.File("w.safetensors"), Spoilt(how));

        Assert.Multiple(() =>
        {
            Assert.That(() => StateDictImport.ToCheckpoint(folder.File("w.safetensors"), Zoo.Fast, DatasetCatalog.Mnist, MnistLike, folder.File("checkpoint")),
                Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith(folder.File("w.safetensors")).And.Message.Contains(said));
            Assert.That(Directory.Exists(folder.File("checkpoint")), Is.False, "nothing is written");
        });
    }

    [Test]
    public void A_Negative_Running_Variance_Names_Its_Tensor()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var weights = Spoilt("negative variance");
        SafeTensorsFile.Save(folder.File("w.safetensors"), weights);

        Assert.That(() => StateDictImport.ToCheckpoint(folder.File("w.safetensors"), Zoo.Fast, DatasetCatalog.Mnist, MnistLike, folder.File("checkpoint")),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains($"the tensor {RunningVariance(weights)},"));
    }

    [TestCase(0.1307, 1e-300)]
    [TestCase(0.1307, 0.000999)]
    [TestCase(1e308, 0.3081)]
    [TestCase(1.000001, 0.3081)]
    [TestCase(-0.000001, 0.3081)]
    [TestCase(0.1307, 1.000001)]
    public void Pixel_Statistics_Out_Of_Range_Are_Refused_As_Out_Of_Range_Not_As_Missing(double mean, double std)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var weights = Zoo.Fast.Network.Init(new Generator(1));
        SafeTensorsFile.Save(folder.File("w.safetensors"), weights.Params.Concat(weights.State));

        Assert.Multiple(() =>
        {
            Assert.That(() => StateDictImport.ToCheckpoint(folder.File("w.safetensors"), Zoo.Fast, DatasetCatalog.Mnist, new PixelStats(mean, std), folder.File("checkpoint")),
                Throws.InstanceOf<InvalidDataException>().With.Message.Contains("cannot normalise inputs").And.Message.Contains(PixelStats.UsableRange).And.Message.Not.Contain("missing"));
            Assert.That(Directory.Exists(folder.File("checkpoint")), Is.False);
        });
    }

    [TestCase(0.0, 0.001)]
    [TestCase(1.0, 1.0)]
    public void Pixel_Statistics_At_The_Edges_Of_Their_Range_Are_Imported_And_Load(double mean, double std)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var weights = Zoo.Fast.Network.Init(new Generator(1));
        SafeTensorsFile.Save(folder.File("w.safetensors"), weights.Params.Concat(weights.State));

        StateDictImport.ToCheckpoint(folder.File("w.safetensors"), Zoo.Fast, DatasetCatalog.Mnist, new PixelStats(mean, std), folder.File("checkpoint"));
        using var trained = TrainedModel.Load(folder.File("checkpoint"));

        Assert.That(trained.Spec.Normalisation, Is.EqualTo(new PixelStats(mean, std)));
    }
}
