using Mnist.Functional.Robustness;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness;

public sealed class PgdTests
{
    private static IEnumerable<TestCaseData> Attacks()
    {
        yield return new TestCaseData(new Pgd(0.3, steps: 10)).SetName("PGD-10 L∞ ε 0.3");
        yield return new TestCaseData(new Pgd(0.1, steps: 5, restarts: 3)).SetName("PGD-5 L∞ ε 0.1, 3 restarts");
        yield return new TestCaseData(new Pgd(0.2, steps: 5, randomStart: false)).SetName("PGD-5 L∞ ε 0.2 from the image");
        yield return new TestCaseData(new Pgd(2.0, steps: 10, norm: AttackNorm.L2)).SetName("PGD-10 L2 ε 2");
        yield return new TestCaseData(new Pgd(1.0, steps: 5, restarts: 2, norm: AttackNorm.L2)).SetName("PGD-5 L2 ε 1, 2 restarts");
        yield return new TestCaseData(Pgd.FastAdversarial(0.3)).SetName("FGSM with a random start ε 0.3");
    }

    [TestCaseSource(nameof(Attacks))]
    public void Keeps_every_image_inside_its_ball_and_in_0_1(Pgd attack)
    {
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(24);
        var adversarial = attack.Perturb(SmallClassifier.Model(SmallClassifier.Init()), pixels, labels, new Generator(4));
        var delta = (adversarial - pixels).flatten(1);
        var distance = attack.Norm == AttackNorm.Linf ? delta.abs().amax(1) : delta.norm(1, false, 2);
        Assert.Multiple(() =>
        {
            Assert.That(distance.max().item<float>(), Is.LessThanOrEqualTo(attack.Epsilon * (1 + 1e-5)), "distance from the original");
            Assert.That(adversarial.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
            Assert.That(adversarial.max().item<float>(), Is.LessThanOrEqualTo(1f));
            Assert.That(adversarial.shape, Is.EqualTo(pixels.shape));
        });
    }

    [TestCaseSource(nameof(Attacks))]
    public void Gives_the_same_images_for_the_same_seed(Pgd attack)
    {
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(6);
        var model = SmallClassifier.Model(SmallClassifier.Init());
        TensorAssert.BitIdentical(attack.Perturb(model, pixels, labels, new Generator(9)), attack.Perturb(model, pixels, labels, new Generator(9)));
    }

    [Test]
    public void Reaches_the_edge_of_its_ball()
    {
        // A step size that never left the start would leave the images near their random start, well inside the ball.
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(16);
        var adversarial = new Pgd(0.2, steps: 20).Perturb(SmallClassifier.Model(SmallClassifier.Init()), pixels, labels, new Generator(1));
        var inside = pixels.gt(0.2).logical_and(pixels.lt(0.8));
        var atEdge = (adversarial - pixels).abs().masked_select(inside).gt(0.2 - 1e-6).to(float32).mean().item<float>();
        Assert.That(atEdge, Is.GreaterThan(0.5f), "share of pixels (away from 0 and 1) moved the whole ε");
    }

    [Test]
    public void Raises_the_loss_at_least_as_much_as_FGSM()
    {
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(32);
        var model = SmallClassifier.Model(SmallClassifier.Init());
        double Loss(Tensor images) => nn.functional.cross_entropy(model(images), labels).item<float>();
        var fgsm = Loss(new Fgsm(0.1).Perturb(model, pixels, labels, new Generator(0)));
        var pgd = Loss(new Pgd(0.1, steps: 20).Perturb(model, pixels, labels, new Generator(0)));
        Assert.That(pgd, Is.GreaterThanOrEqualTo(fgsm), "mean cross-entropy after PGD-20 vs after FGSM");
        Assert.That(fgsm, Is.GreaterThan(Loss(pixels)), "FGSM raises the loss");
    }

    [Test]
    public void Fools_every_image_one_restart_fools_and_more()
    {
        // The first restart draws what a single run draws from the same seed, and an image fooled by any restart is kept fooled.
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(64);
        var model = SmallClassifier.Model(SmallClassifier.Init());
        Tensor Fooled(Pgd attack) => model(attack.Perturb(model, pixels, labels, new Generator(5))).argmax(1).ne(labels);
        var once = Fooled(new Pgd(0.02, steps: 2));
        var thrice = Fooled(new Pgd(0.02, steps: 2, restarts: 3));
        Assert.That(once.logical_and(thrice.logical_not()).any().item<bool>(), Is.False, "an image fooled by one restart but not by three");
        Assert.That(thrice.sum().item<long>(), Is.GreaterThanOrEqualTo(once.sum().item<long>()));
    }

    [Test]
    public void Refuses_steps_that_cannot_reach_the_edge_and_settings_out_of_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Pgd(0.3, steps: 10, stepSize: 0.01));
        Assert.That(error!.Message, Does.Contain("never reach the edge"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Pgd(0.3, steps: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Pgd(0.3, restarts: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Pgd(0.3, stepSize: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Pgd(double.PositiveInfinity));
    }

    [Test]
    public void Describes_its_settings()
    {
        Assert.That(new Pgd(0.3).Describe(), Is.EqualTo("PGD-40 L∞ ε=0.3, α=0.01875, random start, 1 restart"));
        Assert.That(Pgd.DefaultStepSize(0.3, 40), Is.EqualTo(0.01875).Within(1e-12));
        Assert.That(Pgd.FastAdversarial(0.2).StepSize, Is.EqualTo(0.25).Within(1e-12));
    }
}
