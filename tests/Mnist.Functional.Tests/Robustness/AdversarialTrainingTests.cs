using Mnist.Functional.Data;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Robustness;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness;

public sealed class AdversarialTrainingTests
{
    private const long StepsPerEpoch = 10;

    private static IEnumerable<TestCaseData> Trainings()
    {
        yield return new TestCaseData(AdversarialTraining.Fast(0.3)).SetName("FGSM-RS ε 0.3");
        yield return new TestCaseData(AdversarialTraining.Pgd(0.1, steps: 5)).SetName("PGD-5 ε 0.1");
        yield return new TestCaseData(AdversarialTraining.Fast(0.3, warmupEpochs: 2)).SetName("FGSM-RS ε 0.3 after a warm-up of 2 epochs");
    }

    [TestCaseSource(nameof(Trainings))]
    public void The_Transform_Keeps_Every_Image_In_Its_Ball_And_In_0_1_And_Raises_The_Loss(AdversarialTraining training)
    {
        using var scope = NewDisposeScope();
        var (pixels, labels, adversarial) = Transformed(training, step: 3 * StepsPerEpoch);
        var distance = (adversarial - pixels).abs().amax([1, 2, 3]);
        var model = SmallClassifier.Model(SmallClassifier.Init());
        double Loss(Tensor images) => nn.functional.cross_entropy(model(images), labels).item<float>();

        Assert.Multiple(() =>
        {
            // Standardising and back costs a float32 rounding or two: a few 1e-7 on a pixel.
            Assert.That(distance.max().item<float>(), Is.LessThanOrEqualTo(training.Epsilon + 1e-6), "L∞ distance from the original pixels");
            Assert.That(adversarial.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(adversarial.max().item<float>(), Is.LessThanOrEqualTo(1f));
            Assert.That(distance.min().item<float>(), Is.GreaterThan(training.Epsilon / 2), "every image was moved");
            Assert.That(Loss(adversarial), Is.GreaterThan(Loss(pixels)), "the images were moved uphill");
        });
    }

    [Test]
    public void During_The_Warm_Up_The_Ball_Grows_With_The_Steps_Taken()
    {
        using var scope = NewDisposeScope();
        var training = AdversarialTraining.Fast(0.3, warmupEpochs: 2);
        var (pixels, _, halfway) = Transformed(training, step: StepsPerEpoch);
        var (_, _, atStart) = Transformed(training, step: 0);

        Assert.Multiple(() =>
        {
            Assert.That(training.EpsilonAt(0, StepsPerEpoch), Is.EqualTo(0));
            Assert.That(training.EpsilonAt(StepsPerEpoch, StepsPerEpoch), Is.EqualTo(0.15).Within(1e-12));
            Assert.That(training.EpsilonAt(5 * StepsPerEpoch, StepsPerEpoch), Is.EqualTo(0.3));
            Assert.That((halfway - pixels).abs().max().item<float>(), Is.InRange(0.1f, 0.15f + 1e-6f), "halfway through the warm-up ε is half its value");
            Assert.That((atStart - pixels).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-6f), "at the first step ε is 0: the images as given");
        });
    }

    [Test]
    public void The_Same_Generator_State_Gives_The_Same_Images()
    {
        using var scope = NewDisposeScope();
        var training = AdversarialTraining.Fast(0.3);
        TensorAssert.BitIdentical(Transformed(training, 0, generatorSeed: 8).Adversarial, Transformed(training, 0, generatorSeed: 8).Adversarial);
    }

    [Test]
    public void A_Step_Takes_Its_Loss_On_The_Transformed_Images()
    {
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(8);
        var standardised = Preprocess.StandardizeUnitRange(SmallClassifier.Stats)(pixels);
        var replacement = Preprocess.StandardizeUnitRange(SmallClassifier.Stats)(pixels.flip(3));
        var plain = new TrainingSetup(SmallClassifier.Network, new Sgd(0.1), 1, 1);
        var transformed = plain with { BatchTransform = (_, _, _, _) => replacement };
        StepOutcome StepOn(TrainingSetup setup, Tensor images)
        {
            using var state = TrainState.Init(setup, new Generator(2));
            return Train.Step(setup, state, new Batch(images, labels), new Generator(3));
        }

        using var expected = StepOn(plain, replacement).State;
        using var actual = StepOn(transformed, standardised).State;
        Assert.That(actual.History.StepLosses, Is.EqualTo(expected.History.StepLosses));
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.Pgd, 0, 10, 0.1), "epsilon").SetName("ε 0");
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.Pgd, 1.5, 10, 0.2), "epsilon").SetName("ε above 1");
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.Pgd, double.NaN, 10, 0.1), "epsilon").SetName("ε NaN");
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.Pgd, 0.3, 0, 0.1), "steps").SetName("no steps");
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.FgsmRandomStart, 0.3, 2, 0.375), "steps").SetName("FGSM-RS of 2 steps");
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.Pgd, 0.3, 10, 0), "step_size").SetName("α 0");
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.Pgd, 0.3, 10, double.PositiveInfinity), "step_size").SetName("α infinite");
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.Pgd, 0.3, 10, 0.01), "step_size").SetName("steps that cannot reach the edge of the ball");
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.Pgd, 0.3, 10, 0.1, -1), "warmup_epochs").SetName("a negative warm-up");
        yield return new TestCaseData(new AdversarialTraining(AdversarialMethod.Pgd, 0.3, 10, 0.1, double.NaN), "warmup_epochs").SetName("a warm-up of NaN epochs");
    }

    [TestCaseSource(nameof(Refused))]
    public void Settings_Out_Of_Range_Are_Refused_By_Name(AdversarialTraining training, string setting)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => training.Checked(), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo(setting));
            Assert.That(() => training.For(SmallClassifier.Network, SmallClassifier.Stats, StepsPerEpoch), Throws.ArgumentException, "a transform is never made from settings out of range");
        });
    }

    [Test]
    public void Methods_Are_Found_By_Their_Names_In_Any_Case_And_An_Unknown_Name_Lists_Them()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AdversarialTraining.MethodNames, Is.EqualTo(new[] { "fgsm-rs", "pgd" }));
            Assert.That(AdversarialTraining.MethodNamed("PGD"), Is.EqualTo(AdversarialMethod.Pgd));
            Assert.That(AdversarialTraining.MethodNamed("fgsm-rs"), Is.EqualTo(AdversarialMethod.FgsmRandomStart));
            Assert.That(() => AdversarialTraining.MethodNamed("fgsm"), Throws.ArgumentException.With.Message.Contains("fgsm-rs, pgd"));
        });
    }

    [Test]
    public void The_Defaults_Are_The_Papers()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AdversarialTraining.Fast(0.3).StepSize, Is.EqualTo(0.375).Within(1e-12), "Wong et al.'s α on MNIST");
            Assert.That(AdversarialTraining.Pgd(0.3), Is.EqualTo(new AdversarialTraining(AdversarialMethod.Pgd, 0.3, 40, 2.5 * 0.3 / 40)));
            Assert.That(AdversarialTraining.Fast(0.3, warmupEpochs: 2).Describe(), Is.EqualTo("fgsm-rs ε 0.3, α 0.375, ε rising over 2 epochs"));
            Assert.That(AdversarialTraining.Pgd(0.3, steps: 10, stepSize: 0.05).Describe(), Is.EqualTo("pgd-10 ε 0.3, α 0.05"));
        });
    }

    // A batch of the small classifier's pixels, standardised as the pipeline gives them, through the transform at step, and back to pixels.
    private static (Tensor Pixels, Tensor Labels, Tensor Adversarial) Transformed(AdversarialTraining training, long step, ulong generatorSeed = 5)
    {
        var (pixels, labels) = SmallClassifier.Pixels(16);
        var batch = new Batch(Preprocess.StandardizeUnitRange(SmallClassifier.Stats)(pixels), labels);
        var transform = training.For(SmallClassifier.Network, SmallClassifier.Stats, StepsPerEpoch);
        var images = transform(SmallClassifier.Init(), batch, step, new Generator(generatorSeed));
        return (pixels, labels, Preprocess.UnitRangeOfStandardized(SmallClassifier.Stats)(images));
    }
}
