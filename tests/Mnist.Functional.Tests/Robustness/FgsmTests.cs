using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Robustness;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Robustness;

public sealed class FgsmTests
{
    [Test]
    public void Equals_an_imperative_TorchSharp_FGSM_with_the_same_weights()
    {
        using var scope = NewDisposeScope();
        var variables = SmallClassifier.Init();
        var (pixels, labels) = SmallClassifier.Pixels(16);
        const double epsilon = 0.1;

        var ours = new Fgsm(epsilon).Perturb(SmallClassifier.Model(variables), pixels, labels, new Generator(0));

        // The same network as TorchSharp modules, and FGSM written out as PyTorch's tutorial writes it.
        var module = nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2704, 10));
        using (no_grad())
            foreach (var (name, parameter) in module.named_parameters()) parameter.copy_(variables.Params[name]);
        module.eval();
        var input = pixels.detach().clone().requires_grad_();
        var standardised = (input - SmallClassifier.Stats.Mean) / SmallClassifier.Stats.Std;
        nn.functional.cross_entropy(module.forward(standardised), labels, reduction: nn.Reduction.Sum).backward();
        var theirs = (pixels + (epsilon * input.grad!.sign())).clamp(0, 1);

        // The two standardise in a different order of float32 operations, so the gradients differ in their last bits; a
        // pixel's sign can flip only where its gradient is within that rounding of 0.
        var gradient = input.grad!;
        var settled = gradient.abs().gt(gradient.abs().max() * 1e-4);
        TensorAssert.BitIdentical(ours.masked_select(settled), theirs.masked_select(settled), "FGSM images where the gradient is not near 0");
        Assert.That(settled.to(float32).mean().item<float>(), Is.GreaterThan(0.5f), "most pixels have a clear gradient");
    }

    [Test]
    public void Keeps_every_image_inside_its_ball_and_in_0_1()
    {
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(32);
        foreach (var epsilon in new[] { 0.05, 0.3, 1.0 })
        {
            var adversarial = new Fgsm(epsilon).Perturb(SmallClassifier.Model(SmallClassifier.Init()), pixels, labels, new Generator(0));
            Assert.Multiple(() =>
            {
                Assert.That((adversarial - pixels).abs().max().item<float>(), Is.LessThanOrEqualTo(epsilon + 1e-6), $"L∞ distance at ε = {epsilon}");
                Assert.That(adversarial.min().item<float>(), Is.GreaterThanOrEqualTo(0f));
                Assert.That(adversarial.max().item<float>(), Is.LessThanOrEqualTo(1f));
            });
        }
    }

    [Test]
    public void Moves_each_pixel_by_epsilon_or_not_at_all_unless_clipped()
    {
        // A pixel moves the whole ε along its gradient's sign, or stays where its gradient is 0 (under a max-pool's losers).
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(8);
        var adversarial = new Fgsm(0.1).Perturb(SmallClassifier.Model(SmallClassifier.Init()), pixels, labels, new Generator(0));
        var moved = (adversarial - pixels).abs().masked_select(pixels.gt(0.1).logical_and(pixels.lt(0.9)));
        var byEpsilon = moved.sub(0.1).abs().lt(1e-6);
        Assert.That(byEpsilon.logical_or(moved.eq(0)).all().item<bool>(), Is.True, "every pixel away from 0 and 1 moved by ε or by nothing");
        Assert.That(byEpsilon.to(float32).mean().item<float>(), Is.GreaterThan(0.5f), "most moved");
    }

    [Test]
    public void Gives_each_image_the_same_attack_alone_or_in_a_batch()
    {
        // In training mode batch norm would mix the batch's images; a mean loss would only scale the gradient, but the sum keeps it per image.
        using var scope = NewDisposeScope();
        var network = Sequential(Conv2d(1, 4, 3, bias: false), BatchNorm2d(4), Relu, Flatten(), Linear(4 * 26 * 26, 10));
        var variables = network.Init(new Generator(2));
        var model = PixelModels.InEvaluation(network, variables, SmallClassifier.Stats);
        var (pixels, labels) = SmallClassifier.Pixels(6);
        var together = new Fgsm(0.2).Perturb(model, pixels, labels, new Generator(0));
        // Convolutions of another batch size sum in another order, so a gradient within rounding of 0 may change sign;
        // batch statistics in training mode would change most of them.
        for (var i = 0; i < 6; i++)
        {
            var alone = new Fgsm(0.2).Perturb(model, pixels.narrow(0, i, 1), labels.narrow(0, i, 1), new Generator(0));
            var same = alone.eq(together.narrow(0, i, 1)).to(float32).mean().item<float>();
            Assert.That(same, Is.GreaterThan(0.99f), $"share of image {i}'s pixels attacked alike alone and in the batch");
        }
    }

    [Test]
    public void Finds_a_gradient_where_the_softmax_has_saturated()
    {
        // Class 0's logit is 25, the others 0 or −19.6: the softmax is exactly one-hot in float32, so a loss made from the
        // probabilities (1 − p[label], say) would have no gradient; the cross-entropy of the logits still has one.
        using var scope = NewDisposeScope();
        var network = Sequential(Flatten(), Linear(784, 10));
        var weight = zeros(10, 784);
        weight[0] = full(784, 25f / 392);
        weight[1] = full(784, -0.05f);
        var variables = new Variables(Params.Of(("1.weight", weight), ("1.bias", zeros(10))), Params.Empty);
        var model = PixelModels.InEvaluation(network, variables, new PixelStats(0, 1));
        var pixels = full(1, 1, 28, 28, 0.5f);
        var labels = tensor(new long[] { 0 });
        Assert.That(model(pixels).softmax(1)[0, 0].item<float>(), Is.EqualTo(1f), "the softmax is saturated");

        var adversarial = new Fgsm(0.1).Perturb(model, pixels, labels, new Generator(0));
        Assert.That((adversarial - pixels).abs().min().item<float>(), Is.EqualTo(0.1f).Within(1e-6), "every pixel moved by ε");
        Assert.That(model(adversarial)[0, 0].item<float>(), Is.LessThan(model(pixels)[0, 0].item<float>()), "the true class's logit fell");
    }

    [Test]
    public void Refuses_a_model_that_ends_in_a_softmax()
    {
        using var scope = NewDisposeScope();
        var network = Sequential(Flatten(), Linear(784, 10), Softmax());
        var model = PixelModels.InEvaluation(network, network.Init(new Generator(1)), SmallClassifier.Stats);
        var (pixels, labels) = SmallClassifier.Pixels(2);
        var error = Assert.Throws<ArgumentException>(() => new Fgsm(0.1).Perturb(model, pixels, labels, new Generator(0)));
        Assert.That(error!.Message, Does.Contain("softmax").And.Contain("logits"));
    }

    [Test]
    public void Leaves_images_as_they_are_at_epsilon_0()
    {
        using var scope = NewDisposeScope();
        var (pixels, labels) = SmallClassifier.Pixels(4);
        TensorAssert.BitIdentical(new Fgsm(0).Perturb(SmallClassifier.Model(SmallClassifier.Init()), pixels, labels, new Generator(0)), pixels);
    }

    [Test]
    public void Refuses_standardised_pixels_and_a_negative_epsilon()
    {
        using var scope = NewDisposeScope();
        var (bytes, labels) = SmallClassifier.Images(2);
        var standardised = Preprocess.Standard(SmallClassifier.Stats)(bytes);
        var error = Assert.Throws<ArgumentException>(() => new Fgsm(0.1).Perturb(SmallClassifier.Model(SmallClassifier.Init()), standardised, labels, new Generator(0)));
        Assert.That(error!.Message, Does.Contain("[0, 1]").And.Contain("ToUnitRange"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Fgsm(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Fgsm(double.NaN));
    }
}
