using static TorchSharp.torch;

namespace Mnist.Functional.Robustness;

/// <summary>
/// An evasion attack as a value: how far it may move an image (<see cref="Epsilon"/> in <see cref="Norm"/>, on pixels
/// in [0, 1]) and how it searches, with <see cref="Perturb"/> to run it on a batch. Every image it returns lies inside
/// its ε-ball and inside [0, 1]; that is checked on every batch, and a violation is an error, not a figure.
/// </summary>
public abstract record Attack
{
    /// <summary>The radius of the ball the adversarial image must stay in, in <see cref="Norm"/>, on pixels in [0, 1]; 0 leaves images as they are.</summary>
    public abstract double Epsilon { get; }

    /// <summary>The norm of the ball.</summary>
    public abstract AttackNorm Norm { get; }

    /// <summary>A short name with the settings, such as <c>PGD-40 L∞ ε=0.3, α=0.01875, 1 restart</c>.</summary>
    public abstract string Describe();

    /// <summary>
    /// Adversarial images for <paramref name="pixels"/> against <paramref name="model"/>: each within
    /// <see cref="Epsilon"/> of its original and in [0, 1], chosen to raise the cross-entropy of its true label:
    /// <c>pixels: [B, 1, 28, 28] float32 in [0, 1], labels: [B] int64 -> [B, 1, 28, 28]</c>.
    /// </summary>
    /// <remarks>
    /// The gradient is the cross-entropy of the model's outputs (logits, or log-probabilities, which give the same
    /// loss), summed over the batch so that each image's gradient is its own loss's, whatever the batch size: a loss
    /// computed from probabilities instead would vanish where the softmax saturates and leave the image where it was.
    /// Run it outside <c>torch.inference_mode()</c>, which forbids gradients. The result belongs to the caller's
    /// dispose scope; every temporary is freed before it returns.
    /// </remarks>
    /// <param name="model">The classifier of raw pixels; build it with <see cref="PixelModels.InEvaluation"/>.</param>
    /// <param name="pixels">The original images, every value in [0, 1].</param>
    /// <param name="labels">Their true classes.</param>
    /// <param name="generator">Where random starts are drawn from; an attack without randomness ignores it.</param>
    /// <exception cref="ArgumentException">The inputs do not have those shapes, or a pixel is outside [0, 1].</exception>
    /// <exception cref="InvalidOperationException">An image left its ε-ball or [0, 1] (a fault in the attack).</exception>
    public Tensor Perturb(PixelModel model, Tensor pixels, Tensor labels, Generator generator)
    {
        RequireBatch(pixels, labels);
        if (Epsilon == 0)
            return pixels.clone();
        using var scope = NewDisposeScope();
        var adversarial = Search(model, pixels, labels, generator);
        EpsilonBall.Require(adversarial, pixels, Epsilon, Norm, Describe());
        return adversarial.detach().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Refuses, before any search is spent, a model that no gradient attack measures honestly: one whose outputs on
    /// <paramref name="pixels"/> (<c>[B, 1, H, W]</c> in [0, 1], a few images suffice) are probabilities, because it ends in a
    /// softmax. The attacks refuse it too, but only when they reach it.
    /// </summary>
    /// <exception cref="ArgumentException">The model's outputs are probabilities; the message says what to attack instead.</exception>
    public static void RequireAttackable(PixelModel model, Tensor pixels)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        SteepestAscent.RequireScores(model(pixels));
    }

    /// <summary>The search itself, on inputs already checked; <see cref="Perturb"/> checks its result.</summary>
    protected abstract Tensor Search(PixelModel model, Tensor pixels, Tensor labels, Generator generator);

    private static void RequireBatch(Tensor pixels, Tensor labels)
    {
        if (pixels.dim() < 2 || labels.dim() != 1 || labels.shape[0] != pixels.shape[0])
            throw new ArgumentException($"An attack takes images [B, 1, 28, 28] and their labels [B], not {Tensors.Shapes.Format(pixels.shape)} and {Tensors.Shapes.Format(labels.shape)}.", nameof(pixels));
        if (pixels.dtype != ScalarType.Float32)
            throw new ArgumentException($"An attack works on float32 pixels in [0, 1], not {pixels.dtype}; scale raw pixels with Preprocess.ToUnitRange.", nameof(pixels));
        if (pixels.numel() == 0)
            return;
        using var scope = NewDisposeScope();
        var (lowest, highest) = (pixels.min().item<float>(), pixels.max().item<float>());
        if (!(lowest >= 0 && highest <= 1))
            throw new ArgumentException($"An attack works on pixels in [0, 1] (before the model's normalisation), but these span [{lowest}, {highest}]; give Preprocess.ToUnitRange's pixels, not standardised ones.", nameof(pixels));
    }
}
