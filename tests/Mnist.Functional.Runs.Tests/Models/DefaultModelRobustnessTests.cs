using Mnist.Functional.Data;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Datasets;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Models;
using Mnist.Functional.Robustness;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Models;

/// <summary>
/// The attacks' figures on the undefended default model, trained as the app trains it (one epoch of its recipe, seed 1),
/// on the first 500 test digits: the checks that an attack is not silently weak.
/// </summary>
[Category("RealData")]
public sealed class DefaultModelRobustnessTests
{
    private const int Digits = 500;
    private Dataset mnist = null!;
    private TrainState trained = null!;
    private Split head = null!;

    [OneTimeSetUp]
    public async Task TrainTheDefaultModel()
    {
        mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        var model = Zoo.Default;
        var pipeline = Train.BatchesFor(model.Network, mnist.Train.Shuffle(1).Batch(model.Recipe.BatchSize).Select(mnist.Preprocessing));
        trained = Train.Fit(model.Recipe.SetupFor(model.Network, pipeline.BatchesPerEpoch, seed: 1), pipeline).State;
        using var scope = NewDisposeScope();
        head = mnist.Test.Take(arange(Digits, dtype: ScalarType.Int64));
    }

    [OneTimeTearDown]
    public void Free()
    {
        head.Dispose();
        trained.Dispose();
        mnist.Dispose();
    }

    private PixelModel Model => PixelModels.InEvaluation(Zoo.Default.Network, trained.Variables, mnist.Stats);

    private double Accuracy(Attack attack) => Perturbed.UnderAttack(Model, head, mnist.Info.ClassNames, attack, seed: 1).Predictions.Accuracy;

    [Test]
    public void PGD_40_at_0_3_takes_it_below_5_percent()
    {
        var accuracy = Accuracy(new Pgd(0.3));
        TestContext.Out.WriteLine($"PGD-40 at ε = 0.3: {accuracy:P2} of {Digits} digits");
        Assert.That(accuracy, Is.LessThan(0.05));
    }

    [TestCase(0.1)]
    [TestCase(0.2)]
    [TestCase(0.3)]
    public void PGD_is_never_weaker_than_FGSM(double epsilon)
    {
        var (fgsm, pgd) = (Accuracy(new Fgsm(epsilon)), Accuracy(new Pgd(epsilon)));
        TestContext.Out.WriteLine($"ε = {epsilon}: FGSM {fgsm:P2}, PGD-40 {pgd:P2}");
        Assert.That(pgd, Is.LessThanOrEqualTo(fgsm));
        Assert.That(fgsm, Is.LessThan(Accuracy(new Fgsm(0))), "FGSM takes something");
    }

    [Test]
    public void Epsilon_0_gives_the_clean_accuracy_and_probabilities()
    {
        var clean = Evaluator.Predict(Zoo.Default.Network, trained.Variables, head.Images, head.Labels, mnist.Info.ClassNames, preprocess: mnist.Preprocessing);
        foreach (var attack in new Attack[] { new Fgsm(0), new Pgd(0) })
        {
            var attacked = Perturbed.UnderAttack(Model, head, mnist.Info.ClassNames, attack, seed: 1).Predictions;
            Assert.That(attacked.Accuracy, Is.EqualTo(clean.Accuracy), attack.Describe());
            Assert.That(attacked.Probabilities, Is.EqualTo(clean.Probabilities), attack.Describe());
        }
        Assert.That(clean.Accuracy, Is.GreaterThan(0.97), "the default model is trained");
    }
}
