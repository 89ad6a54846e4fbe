using static TorchSharp.torch;

namespace Mnist.Functional.Losses;

/// <summary>Metrics: how good predictions are, as plain numbers; not differentiable.</summary>
public static class Metric
{
    /// <summary>
    /// The fraction of samples whose highest score is their label, <c>(1/B) Σᵦ [argmax_c scores[b, c] = labels[b]]</c>:
    /// <c>scores: [B, C], labels: [B] int64 -> a number in [0, 1]</c>.
    /// </summary>
    /// <param name="scores">Logits, probabilities or log-probabilities: anything whose argmax is the predicted class.</param>
    /// <param name="labels">The true class of each sample.</param>
    /// <exception cref="ArgumentException">The shapes do not fit together, or the batch is empty.</exception>
    public static double Accuracy(Tensor scores, Tensor labels)
    {
        if (scores.dim() != 2 || labels.dim() != 1 || labels.shape[0] != scores.shape[0] || labels.shape[0] == 0)
            throw new ArgumentException(
                $"Expected scores: [B, C] and labels: [B] with B > 0, but got {Tensors.Shapes.Format(scores.shape)} and {Tensors.Shapes.Format(labels.shape)}.");
        using var scope = NewDisposeScope();
        return scores.argmax(1).eq(labels).to(float64).mean().item<double>();
    }
}
