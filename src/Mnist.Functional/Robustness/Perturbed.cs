using Mnist.Functional.Data;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Robustness.Corruptions;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness;

/// <summary>
/// A model measured on a split whose images are changed first, by an attack or a corruption: batched, each batch in
/// its own dispose scope, so memory holds one batch's worth whatever the split's size.
/// </summary>
/// <remarks>
/// Images go from <c>[N, 28, 28] uint8</c> to pixels in [0, 1] (<see cref="Preprocess.ToUnitRange"/>), are changed,
/// and are classified by the <see cref="PixelModel"/>, which standardises them as in training. One generator, seeded
/// with the given seed, is drawn from batch after batch, so the same seed and batch size give the same images.
/// </remarks>
public static class Perturbed
{
    /// <summary>
    /// <paramref name="model"/> on the adversarial images <paramref name="attack"/> makes of <paramref name="split"/>'s,
    /// each attack aimed at the image's true label.
    /// </summary>
    /// <param name="model">The classifier of raw pixels, in evaluation mode (<see cref="PixelModels.InEvaluation"/>).</param>
    /// <param name="split">The images and labels.</param>
    /// <param name="classNames">The class names.</param>
    /// <param name="attack">The attack.</param>
    /// <param name="seed">Seeds the attack's random starts.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="examples">How many of the first changed images to return.</param>
    /// <exception cref="InvalidOperationException">An adversarial image left its ε-ball or [0, 1].</exception>
    public static PerturbedPredictions UnderAttack(PixelModel model, Split split, IReadOnlyList<string> classNames, Attack attack, long seed,
        int batchSize = Evaluator.DefaultBatchSize, int examples = 0) =>
        Evaluate(model, split, classNames, (pixels, labels, generator) => attack.Perturb(model, pixels, labels, generator), seed, batchSize, examples);

    /// <summary><paramref name="model"/> on <paramref name="split"/>'s images after <paramref name="corruption"/>.</summary>
    /// <param name="model">The classifier of raw pixels, in evaluation mode (<see cref="PixelModels.InEvaluation"/>).</param>
    /// <param name="split">The images and labels.</param>
    /// <param name="classNames">The class names.</param>
    /// <param name="corruption">The corruption.</param>
    /// <param name="seed">Seeds the corruption's random choices.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="examples">How many of the first corrupted images to return.</param>
    public static PerturbedPredictions UnderCorruption(PixelModel model, Split split, IReadOnlyList<string> classNames, Corruption corruption, long seed,
        int batchSize = Evaluator.DefaultBatchSize, int examples = 0) =>
        Evaluate(model, split, classNames, (pixels, _, generator) => corruption.Apply(pixels.squeeze(1), generator).unsqueeze(1), seed, batchSize, examples);

    // The loop under both: change is (pixels [B, 1, 28, 28] in [0, 1], labels [B], generator) -> [B, 1, 28, 28] in [0, 1].
    private static PerturbedPredictions Evaluate(PixelModel model, Split split, IReadOnlyList<string> classNames,
        Func<Tensor, Tensor, Generator, Tensor> change, long seed, int batchSize, int examples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(examples);
        var count = split.Count;
        var classes = classNames.Count;
        var probabilities = new float[count * classes];
        var kept = new List<float[]>();
        var lossSum = 0.0;
        using var generator = new Generator((ulong)seed);
        for (long start = 0; start < count; start += batchSize)
        {
            using (var scope = NewDisposeScope())
            {
                var length = Math.Min(batchSize, count - start);
                var pixels = Preprocess.ToUnitRange(split.Images.narrow(0, start, length)).unsqueeze(1);
                var labels = split.Labels.narrow(0, start, length);
                var changed = change(pixels, labels, generator);
                using var noGradient = no_grad();
                var outputs = model(changed);
                if (outputs.shape.Length != 2 || outputs.shape[1] != classes)
                    throw new ArgumentException($"The model gives outputs of shape {Tensors.Shapes.Format(outputs.shape)}, but {classes} classes need [B, {classes}].", nameof(model));
                var logProbabilities = outputs.to(float32).log_softmax(1);
                lossSum += SteepestAscent.SummedCrossEntropy(logProbabilities, labels).item<float>();
                logProbabilities.exp().contiguous().data<float>().CopyTo(probabilities, checked((int)(start * classes)));
                for (var row = 0; row < length && kept.Count < examples; row++)
                    kept.Add(changed[row].contiguous().data<float>().ToArray());
            }
            // An attack's gradients leave TorchSharp objects to finalizers; collect them so memory stays flat.
            Tensors.FinalizerLeftovers.Collect();
        }
        int[] labelArray;
        using (NewDisposeScope()) labelArray = split.Labels.to(ScalarType.Int32).data<int>().ToArray();
        return new PerturbedPredictions(new Predictions(new ClassProbabilities(probabilities, classNames), labelArray, count == 0 ? 0 : lossSum / count), kept);
    }
}
