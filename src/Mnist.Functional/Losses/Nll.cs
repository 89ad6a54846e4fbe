using static TorchSharp.torch;

namespace Mnist.Functional.Losses;

/// <summary>Loss functions: pure functions from predictions and labels to a scalar, mean over the batch.</summary>
public static partial class Loss
{
    /// <summary>
    /// Negative log-likelihood from log-probabilities, <c>−(1/B) Σᵦ logProbabilities[b, labels[b]]</c>:
    /// <c>logProbabilities: [B, C], labels: [B] int64 -> scalar</c>.
    /// </summary>
    /// <remarks>Equals PyTorch's <c>nll_loss</c> with mean reduction and no class weights.</remarks>
    /// <param name="logProbabilities">Log-probabilities of each class, such as the output of <c>log_softmax</c>.</param>
    /// <param name="labels">The true class of each sample, in <c>[0, C)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public static Tensor Nll(Tensor logProbabilities, Tensor labels)
    {
        RequireBatchOfLabels(logProbabilities, labels, nameof(logProbabilities));
        return -logProbabilities.gather(1, labels.unsqueeze(1)).mean();
    }

    private static void RequireBatchOfLabels(Tensor predictions, Tensor labels, string predictionsName)
    {
        if (predictions.dim() != 2 || labels.dim() != 1 || labels.shape[0] != predictions.shape[0])
            throw new ArgumentException(
                $"Expected {predictionsName}: [B, C] and labels: [B], but got {Tensors.Shapes.Format(predictions.shape)} and {Tensors.Shapes.Format(labels.shape)}.");
    }
}
