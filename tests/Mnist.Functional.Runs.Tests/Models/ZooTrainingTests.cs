using Mnist.Functional.Checkpoints;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Models;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Models;

/// <summary>The zoo on real MNIST, obtained through the library's own sources (cache, mirrors, npm).</summary>
[Category("RealData")]
public sealed class ZooTrainingTests
{
    [Test]
    public async Task Fast_Trained_One_Epoch_On_Ten_Thousand_Digits_Reaches_97_Percent_On_The_Test_Set()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        using var subset = mnist.Train.Take(arange(10_000));
        var model = Zoo.Fast;
        var pipeline = subset.Shuffle(1).Batch(32).Select(mnist.Preprocessing);
        var setup = new TrainingSetup(model.Network, model.Recipe.OptimizerFor(pipeline.BatchesPerEpoch, epochs: 1), Epochs: 1, Seed: 1);

        var result = Train.Fit(setup, pipeline, (state, _) =>
        {
            var test = Evaluator.Predict(model.Network, state.Variables, mnist.Test.Images, mnist.Test.Labels, mnist.Info.ClassNames, preprocess: mnist.Preprocessing);
            return new EpochScores(Test: new SplitScore(test.Loss, test.Accuracy));
        });
        using var state = result.State;

        var accuracy = state.History.Last!.TestAccuracy;
        TestContext.Out.WriteLine($"test accuracy after one epoch of 10,000 digits: {accuracy:P2}");
        Assert.That(accuracy, Is.GreaterThanOrEqualTo(0.97));
    }

    [Test]
    public async Task A_Checkpoint_Round_Trip_Reproduces_The_Predictions_Exactly()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        using var subset = mnist.Train.Take(arange(1_000));
        using var folder = new TempFolder();
        var model = Zoo.Fast;
        var pipeline = subset.Shuffle(1).Batch(100).Select(mnist.Preprocessing);
        var setup = new TrainingSetup(model.Network, model.Recipe.OptimizerFor(pipeline.BatchesPerEpoch, epochs: 1), Epochs: 1, Seed: 3);
        using var trained = Train.Fit(setup, pipeline).State;

        TrainingCheckpoint.Save(folder.File("run"), trained, [], []);
        var (loaded, _, _) = TrainingCheckpoint.Load(folder.File("run"), setup);
        using (loaded)
        {
            var before = Evaluator.Predict(model.Network, trained.Variables, mnist.Test.Images, mnist.Test.Labels, mnist.Info.ClassNames, 1000, mnist.Preprocessing);
            var after = Evaluator.Predict(model.Network, loaded.Variables, mnist.Test.Images, mnist.Test.Labels, mnist.Info.ClassNames, 1000, mnist.Preprocessing);

            Assert.Multiple(() =>
            {
                Assert.That(after.Probabilities, Is.EqualTo(before.Probabilities), "every probability is bit-identical");
                Assert.That(after.Loss, Is.EqualTo(before.Loss));
                Assert.That(loaded.Variables.State.Paths, Does.Contain("1.running_mean"), "batch-norm statistics are saved");
            });
        }
    }
}
