using static TorchSharp.torch;
using Mnist.Functional.Tensors;

namespace Mnist.Functional.Losses;

public static partial class Loss
{
    /// <summary>
    /// Cross-entropy from logits, <c>(1 − ε) · NLL(log_softmax(logits), labels) + ε · mean over b and c of −log_softmax(logits)[b, c]</c>:
    /// <c>logits: [B, C], labels: [B] int64 -> scalar</c>.
    /// </summary>
    /// <remarks>
    /// With label smoothing ε the target of sample <c>b</c> is <c>(1 − ε) · onehot(labels[b]) + ε / C</c>, as in
    /// PyTorch's <c>cross_entropy(..., label_smoothing: ε)</c> with mean reduction; ε = 0 is plain cross-entropy.
    /// </remarks>
    /// <param name="logits">Unnormalised class scores.</param>
    /// <param name="labels">The true class of each sample, in <c>[0, C)</c>.</param>
    /// <param name="labelSmoothing">ε in <c>[0, 1]</c>: the share of the target spread evenly over all classes.</param>
    /// <exception cref="ArgumentException">The shapes do not fit together, or ε is outside <c>[0, 1]</c>.</exception>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels, double labelSmoothing = 0)
    {
        if (labelSmoothing is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1].");
        RequireBatchOfLabels(logits, labels, nameof(logits));
        var logProbabilities = logits.log_softmax(1);
        var nll = Nll(logProbabilities, labels);
        if (labelSmoothing == 0) return nll;
        using var scalars = new ScalarScope();
        return nll.mul(scalars.Of(1 - labelSmoothing)).sub_(logProbabilities.mean().mul_(scalars.Of(labelSmoothing)));
    }
}
