using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>Experiment runs on real MNIST, at the quick scale the scripts' <c>--quick</c> uses.</summary>
[Category("RealData")]
public sealed class ExperimentTests
{
    [Test]
    public async Task A_Quick_Run_Trains_One_Epoch_On_The_First_Digits_And_Tests_On_The_First_Thousand()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        using var log = new StringWriter();

        var run = Experiment.Run(RunSpec.Of(Zoo.Fast, seed: 1), mnist, ExperimentScale.Quick, log);

        Assert.Multiple(() =>
        {
            Assert.That(run.Spec.Recipe, Is.EqualTo(Zoo.Fast.Recipe with { Epochs = 1 }));
            Assert.That(run.History.Epochs, Has.Count.EqualTo(1));
            Assert.That(run.History.StepLosses, Has.Count.EqualTo(2_048 / 128));
            Assert.That(run.Test!.Count, Is.EqualTo(1_000));
            Assert.That(run.BestTestEpoch!.TestAccuracy, Is.EqualTo(run.Test!.Accuracy), "the only epoch's test figure is the final one");
            Assert.That(run.Stop.Reason, Is.EqualTo(StopReason.Completed));
            Assert.That(run.Summary.TotalParameters, Is.EqualTo(46_842));
            Assert.That(log.ToString(), Does.StartWith("fast epoch 1/1: "));
            Assert.That((double?)run.ToJson()["test"]!["accuracy"], Is.EqualTo(run.Test!.Accuracy));
        });
    }

    [Test]
    public async Task A_Validation_Split_Is_Carved_From_The_Training_Items_And_The_Test_Can_Wait_For_The_End()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        var plan = RunSpec.Of(Zoo.Mlp, seed: 2) with { ValidationSize = 512, TestEachEpoch = false };

        var run = Experiment.Run(plan, mnist, ExperimentScale.Quick, TextWriter.Null);

        Assert.Multiple(() =>
        {
            Assert.That(run.History.StepLosses, Has.Count.EqualTo((2_048 - 512 + 127) / 128));
            Assert.That(run.History.Last!.ValidationAccuracy, Is.Not.Null);
            Assert.That(run.History.Last!.TestAccuracy, Is.Null);
            Assert.That(run.BestTestEpoch, Is.Null);
            Assert.That(run.Test!.Count, Is.EqualTo(1_000));
        });
    }

    [Test]
    public void Each_Experiment_Gets_A_Folder_Under_Runs_Named_After_It_And_The_Time()
    {
        var at = new DateTimeOffset(2026, 11, 24, 22, 15, 3, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 11, 24)));

        Assert.That(Experiment.FolderFor("zoo", at), Is.EqualTo(Path.Combine("runs", "zoo-20261124-221503")));
    }
}
