using Mnist.Functional.Data;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Robustness;
using Mnist.Functional.Robustness.Corruptions;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness;

public sealed class PerturbedTests
{
    private static readonly string[] Classes = [.. Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Test]
    public void Gives_evaluations_own_probabilities_at_epsilon_0()
    {
        using var scope = NewDisposeScope();
        var (bytes, labels) = SmallClassifier.Images(37);
        using var split = new Split(bytes, labels);
        var variables = SmallClassifier.Init();
        var clean = Evaluator.Predict(SmallClassifier.Network, variables, split.Images, split.Labels, Classes, batchSize: 10, Preprocess.Standard(SmallClassifier.Stats));
        foreach (Attack attack in new Attack[] { new Fgsm(0), new Pgd(0) })
        {
            var attacked = Perturbed.UnderAttack(SmallClassifier.Model(variables), split, Classes, attack, seed: 1, batchSize: 10).Predictions;
            Assert.That(attacked.Probabilities, Is.EqualTo(clean.Probabilities), attack.Describe());
            Assert.That(attacked.Accuracy, Is.EqualTo(clean.Accuracy));
            Assert.That(attacked.Loss, Is.EqualTo(clean.Loss).Within(1e-6));
        }
    }

    [Test]
    public void Measures_what_the_attack_made_and_keeps_the_first_examples()
    {
        using var scope = NewDisposeScope();
        var (bytes, labels) = SmallClassifier.Images(12);
        using var split = new Split(bytes, labels);
        var model = SmallClassifier.Model(SmallClassifier.Init());
        var result = Perturbed.UnderAttack(model, split, Classes, new Fgsm(0.2), seed: 1, batchSize: 5, examples: 7);
        var (pixels, _) = SmallClassifier.Pixels(12);
        var expected = model(new Fgsm(0.2).Perturb(model, pixels, labels, new Generator(0))).softmax(1);
        Assert.Multiple(() =>
        {
            Assert.That(result.Examples, Has.Count.EqualTo(7));
            Assert.That(result.Examples[6], Has.Length.EqualTo(784));
            Assert.That(result.Predictions.Count, Is.EqualTo(12));
            Assert.That(result.Predictions.Probabilities.ToArray(), Is.EqualTo(expected.data<float>().ToArray()).Within(1e-6));
        });
    }

    [Test]
    public void Gives_the_same_corrupted_digits_for_the_same_seed_and_others_for_another()
    {
        using var scope = NewDisposeScope();
        var (bytes, labels) = SmallClassifier.Images(9);
        using var split = new Split(bytes, labels);
        var model = SmallClassifier.Model(SmallClassifier.Init());
        PerturbedPredictions Run(long seed) => Perturbed.UnderCorruption(model, split, Classes, ShotNoise.Corruption, seed, batchSize: 4, examples: 9);
        var (first, again, another) = (Run(3).Examples, Run(3).Examples, Run(4).Examples);
        Assert.That(again, Is.EqualTo(first));
        Assert.That(another, Is.Not.EqualTo(first));
    }
}
