using Mnist.Functional.Autodiff;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness;

/// <summary>
/// The search under FGSM and PGD: steps of steepest ascent of the cross-entropy in the attack's norm, each projected
/// back onto the ε-ball and [0, 1] (Madry et al. 2018, "Towards Deep Learning Models Resistant to Adversarial
/// Attacks", eq. 2; torchattacks' PGD and PGDL2 are the reference implementations).
/// </summary>
internal static class SteepestAscent
{
    /// <summary>
    /// From <paramref name="pixels"/> (or a random point of the ball around them), <paramref name="steps"/> steps of
    /// <c>x ← Π(x + α · d)</c>, with <c>d = sign(∇ₓL)</c> for L∞ and <c>d = ∇ₓL / ‖∇ₓL‖₂</c> for L2, where L is the
    /// summed cross-entropy of the true labels and Π the projection onto the ε-ball and [0, 1].
    /// </summary>
    /// <remarks>
    /// The random start is uniform in the L∞ box (<c>δ ~ U(−ε, ε)</c> per pixel), or for L2 a direction uniform on the
    /// sphere with a radius uniform in [0, ε] (torchattacks' PGDL2 start), then projected into [0, 1]. Each step runs in
    /// its own dispose scope and frees the previous step's images, so memory holds one step's worth.
    /// </remarks>
    public static Tensor Run(PixelModel model, Tensor pixels, Tensor labels, double epsilon, AttackNorm norm, int steps, double stepSize, bool randomStart, Generator generator)
    {
        using var scope = NewDisposeScope();
        var checkedOutputs = false;
        var gradientOf = Diff.Grad(candidate =>
        {
            var outputs = model(candidate);
            if (!checkedOutputs)
                (checkedOutputs, _) = (true, RequireScores(outputs));
            return SummedCrossEntropy(outputs, labels);
        });
        var adversarial = randomStart ? EpsilonBall.Project(pixels.add(RandomStart(pixels, epsilon, norm, generator)), pixels, epsilon, norm) : pixels;
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            using var scalars = new ScalarScope();
            var gradient = gradientOf(adversarial);
            var direction = norm == AttackNorm.Linf
                ? gradient.sign()
                : gradient.div(EpsilonBall.AsSampleColumn(EpsilonBall.PerSampleL2(gradient).clamp_min(scalars.Of(1e-12)), gradient));
            var previous = adversarial;
            adversarial = EpsilonBall.Project(adversarial.add(direction, alpha: scalars.Of(stepSize)), pixels, epsilon, norm).MoveToOuterDisposeScope();
            if (!ReferenceEquals(previous, pixels))
                previous.Dispose();
        }
        return (ReferenceEquals(adversarial, pixels) ? pixels.clone() : adversarial).MoveToOuterDisposeScope();
    }

    /// <summary>The cross-entropy of <paramref name="labels"/> under <paramref name="outputs"/> (logits or log-probabilities), summed over the batch: <c>[B, C], [B] -> []</c>.</summary>
    public static Tensor SummedCrossEntropy(Tensor outputs, Tensor labels) =>
        nn.functional.nll_loss(outputs.log_softmax(1), labels, reduction: nn.Reduction.Sum);

    /// <summary>The cross-entropy of each sample: <c>[B, C], [B] -> [B]</c>.</summary>
    public static Tensor CrossEntropyPerSample(Tensor outputs, Tensor labels) =>
        nn.functional.nll_loss(outputs.log_softmax(1), labels, reduction: nn.Reduction.None);

    /// <summary>
    /// Refuses outputs that are already probabilities (every row non-negative and summing to 1): the cross-entropy of
    /// those, taken as logits, is nearly flat, and an attack on it would report a robustness the model does not have.
    /// </summary>
    /// <exception cref="ArgumentException">The model ends in a softmax.</exception>
    internal static Tensor RequireScores(Tensor outputs)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        using var scalars = new ScalarScope();
        var probabilities = outputs.ge(scalars.Of(0.0)).all().item<bool>() && outputs.sum(1).sub(scalars.Of(1.0)).abs().max().item<float>() < 1e-4;
        if (probabilities && outputs.shape[1] > 1)
            throw new ArgumentException("The model's outputs are probabilities (each row is non-negative and sums to 1): it ends in a softmax. Attack its logits or log-probabilities instead (the network without its last Softmax layer, or with LogSoftmax), or the attack's gradient vanishes wherever the softmax saturates.", nameof(outputs));
        return outputs;
    }

    private static Tensor RandomStart(Tensor pixels, double epsilon, AttackNorm norm, Generator generator)
    {
        using var scalars = new ScalarScope();
        if (norm == AttackNorm.Linf)
            return empty_like(pixels).uniform_(-epsilon, epsilon, generator);
        var direction = empty_like(pixels).normal_(0, 1, generator);
        var radius = empty(pixels.shape[0], dtype: pixels.dtype).uniform_(0, epsilon, generator);
        var length = EpsilonBall.PerSampleL2(direction).clamp_min_(scalars.Of(1e-12));
        return direction.mul_(EpsilonBall.AsSampleColumn(radius.div_(length), direction));
    }
}
