using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Robustness;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>Adversarial training through the run pipeline on the first few thousand MNIST digits: it buys robustness, and a resumed run is the same run.</summary>
[Category("RealData")]
public sealed class AdversarialRunTests
{
    private const int TestItems = 100;
    private Dataset mnist = null!;

    [OneTimeSetUp]
    public async Task LoadMnist() => mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);

    [OneTimeTearDown]
    public void FreeMnist() => mnist.Dispose();

    [Test]
    public void Training_Against_FGSM_With_A_Random_Start_Beats_Clean_Training_Under_PGD()
    {
        // The robust model's recipe, shortened to 3 epochs on 4,000 digits, with and without its adversarial training.
        var recipe = Zoo.Robust.Recipe with { Epochs = 3, Adversarial = AdversarialTraining.Fast(0.3, warmupEpochs: 1) };
        var adversarial = new RunSpec(Zoo.Robust, DatasetCatalog.Mnist, recipe, Seed: 1) { TrainItems = 4_000, TestItems = TestItems };
        using var robust = Run.Execute(adversarial, mnist);
        using var clean = Run.Execute(adversarial with { Recipe = recipe with { Adversarial = null } }, mnist);
        using var scope = NewDisposeScope();
        using var digits = mnist.Test.Take(arange(500, 1_000, dtype: ScalarType.Int64));
        double UnderPgd(RunResult run) => Perturbed.UnderAttack(
            PixelModels.InEvaluation(run.Spec.Model.Network, run.State!.Variables, mnist.Stats), digits, mnist.Info.ClassNames, new Pgd(0.2, steps: 10), seed: 1).Predictions.Accuracy;

        var (robustAccuracy, cleanAccuracy) = (UnderPgd(robust), UnderPgd(clean));
        TestContext.Out.WriteLine($"PGD-10 at ε = 0.2 on 500 test digits: {robustAccuracy:P1} trained adversarially, {cleanAccuracy:P1} trained on clean digits");
        Assert.That(robustAccuracy, Is.GreaterThan(cleanAccuracy + 0.2));
    }

    [Test]
    public void A_Run_Cancelled_Mid_Epoch_And_Resumed_Ends_Bit_For_Bit_Where_An_Uninterrupted_One_Does()
    {
        // The attack's random starts come from the run's generator, and ε from the step count: the checkpoint brings back both.
        using var temp = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        var recipe = Zoo.Robust.Recipe with { Epochs = 2, Adversarial = AdversarialTraining.Pgd(0.3, steps: 3, stepSize: 0.15, warmupEpochs: 1) };
        var spec = new RunSpec(Zoo.Robust, DatasetCatalog.Mnist, recipe, Seed: 5) { TrainItems = 500, TestItems = TestItems };
        using var straight = Run.Execute(spec, mnist);
        using (Run.Execute(spec with { Folder = temp.File("run") }, mnist, new RunOptions { Observers = [new CancelAtStep(3, cancellation)] }, cancellation.Token)) { }

        var checkpoint = Path.Combine(temp.File("run"), RunFolder.CheckpointName);
        var saved = Run.SpecOf(checkpoint);
        using var resumed = Run.Execute(saved with { Folder = temp.File("run") }, mnist, new RunOptions { ResumeFrom = checkpoint });

        Assert.Multiple(() =>
        {
            Assert.That(saved.Recipe, Is.EqualTo(spec.Recipe), "the adversarial training is saved with the run");
            Assert.That(resumed.History.StepLosses, Is.EqualTo(straight.History.StepLosses));
            Assert.That(resumed.Test!.Probabilities, Is.EqualTo(straight.Test!.Probabilities));
        });
    }
}
