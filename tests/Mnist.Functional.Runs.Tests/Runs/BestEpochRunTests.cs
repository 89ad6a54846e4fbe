using System.Text.Json.Nodes;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>The best epoch kept (<see cref="RunSpec.KeepBest"/>), restored (<see cref="RunSpec.RestoreBest"/>), and the plateau schedule through a resume, on the first thousand MNIST digits.</summary>
[Category("RealData")]
public sealed class BestEpochRunTests
{
    private Dataset mnist = null!;

    [OneTimeSetUp]
    public async Task LoadMnist() => mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);

    [OneTimeTearDown]
    public void FreeMnist() => mnist.Dispose();

    // Adam at 0.01 on 800 digits overfits by the sixth epoch: its validation loss is lowest before the last epoch.
    private static RunSpec Overfitting(int epochs) =>
        new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { LearningRate = 0.01, Schedule = ScheduleKind.Constant, Epochs = epochs }, Seed: 1)
        {
            TrainItems = 1000, TestItems = 500, ValidationSize = 200,
        };

    private static bool Same(Variables a, Variables b) =>
        a.Params.Tensors.Count == b.Params.Tensors.Count &&
        a.Params.Tensors.Zip(b.Params.Tensors).All(pair => pair.First.equal(pair.Second).all().item<bool>());

    [Test]
    public void Restore_Best_Ends_With_The_Best_Epochs_Weights_Bit_For_Bit()
    {
        // Given a run that keeps and restores its best epoch
        using var temp = new TempFolder();
        var folder = new RunFolder(temp.File("run"));

        // When it trains past its best epoch
        using var result = Run.Execute(Overfitting(6) with { RestoreBest = true, Folder = folder.Path }, mnist);
        var best = result.Best!;
        using var straight = Run.Execute(Overfitting(best.Epoch), mnist);
        using var kept = TrainedModel.Load(folder.BestCheckpoint);
        using var final = TrainedModel.Load(folder.Checkpoint);
        var record = JsonNode.Parse(File.ReadAllText(folder.Record))!["best"]!;

        // Then the best checkpoint holds the weights that epoch ended with, and the run ended with them
        Assert.Multiple(() =>
        {
            Assert.That(best.Epoch, Is.LessThan(6), "the run overfits");
            Assert.That(best.Value, Is.EqualTo(result.History.Epochs.Min(epoch => epoch.ValidationLoss)));
            Assert.That(best.Restored, Is.True);
            Assert.That(Same(kept.Variables, straight.State!.Variables), Is.True, "the best checkpoint is the best epoch's weights");
            Assert.That(Same(final.Variables, kept.Variables), Is.True, "the run's checkpoint holds them too");
            Assert.That(Same(result.State!.Variables, kept.Variables), Is.True, "and the final state");
            Assert.That(result.Test!.Accuracy, Is.EqualTo(result.History.Epochs[best.Epoch - 1].TestAccuracy), "the test figures are the best epoch's");
            Assert.That((int)record["epoch"]!, Is.EqualTo(best.Epoch));
            Assert.That((string)record["metric"]!, Is.EqualTo("validation_loss"));
            Assert.That((bool)record["restored"]!, Is.True);
        });
    }

    [Test]
    public void Keep_Best_Leaves_The_Last_Epoch_In_The_Runs_Checkpoint()
    {
        using var temp = new TempFolder();
        var folder = new RunFolder(temp.File("run"));

        using var result = Run.Execute(Overfitting(6) with { KeepBest = true, Folder = folder.Path }, mnist);
        using var kept = TrainedModel.Load(folder.BestCheckpoint);
        using var last = TrainedModel.Load(folder.Checkpoint);

        Assert.Multiple(() =>
        {
            Assert.That(result.Best!.Restored, Is.False);
            Assert.That(Same(last.Variables, result.State!.Variables), Is.True);
            Assert.That(Same(kept.Variables, last.Variables), Is.False, "the best epoch is not the last");
            Assert.That(Run.SpecOf(folder.BestCheckpoint).KeepBest, Is.True, "the best checkpoint reads as any checkpoint, with the run's settings");
        });
    }

    [Test]
    public void A_Plateau_Run_Resumed_From_Its_Checkpoint_Ends_Bit_For_Bit_Where_An_Uninterrupted_One_Does()
    {
        // A threshold no epoch meets: the rate is halved after every epoch from the second on.
        using var temp = new TempFolder();
        var spec = Overfitting(4) with { Recipe = Overfitting(4).Recipe with { Schedule = ScheduleKind.Plateau, Plateau = new ReduceOnPlateau(0.5, Patience: 0, Threshold: 0.99) } };
        using var straight = Run.Execute(spec, mnist);
        using (Run.Execute(spec with { Recipe = spec.Recipe with { Epochs = 2 }, Folder = temp.File("run") }, mnist)) { }

        var checkpoint = Path.Combine(temp.File("run"), RunFolder.CheckpointName);
        var saved = Run.SpecOf(checkpoint);
        using var resumed = Run.Execute(saved with { Recipe = saved.Recipe with { Epochs = 4 }, Folder = temp.File("run") }, mnist, new RunOptions { ResumeFrom = checkpoint });

        Assert.Multiple(() =>
        {
            Assert.That(saved.Recipe.Plateau, Is.EqualTo(spec.Recipe.Plateau), "the plateau settings are saved with the run");
            Assert.That(straight.History.Epochs.Select(epoch => epoch.LearningRate), Is.EqualTo(new[] { 0.01, 0.01, 0.005, 0.0025 }));
            Assert.That(resumed.History.StepLearningRates, Is.EqualTo(straight.History.StepLearningRates));
            Assert.That(resumed.History.StepLosses, Is.EqualTo(straight.History.StepLosses));
            Assert.That(resumed.Test!.Probabilities, Is.EqualTo(straight.Test!.Probabilities));
        });
    }
}
