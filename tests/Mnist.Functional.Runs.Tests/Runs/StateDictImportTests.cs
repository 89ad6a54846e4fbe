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
}
