using Mnist.Functional.Layers;
using static TorchSharp.torch;

namespace Mnist.Functional.Evaluation;

/// <summary>Batched inference in evaluation mode, with no autograd graph.</summary>
public static class Evaluator
{
    /// <summary>
    /// Samples per forward pass unless told otherwise: 250 keeps the activations of the zoo's largest
    /// model (pytorch-cnn) small enough that training's peak memory stays under 1 GB, where 1,000 went past it,
    /// and is as fast as larger batches for small models (docs/models.md gives the measurement).
    /// </summary>
    public const int DefaultBatchSize = 250;

    /// <summary>
    /// Runs <paramref name="model"/> over <paramref name="inputs"/> in batches and collects the class
    /// probabilities, with no labels: <c>inputs: [N, ...] -> [N, C]</c> probabilities.
    /// </summary>
    /// <remarks>
    /// The model may end in logits or in log-probabilities: softmax gives the same result for both, since
    /// log_softmax(log_softmax(x)) = log_softmax(x). Each batch runs in its own dispose scope under inference
    /// mode, so memory stays at one batch's worth.
    /// </remarks>
    /// <param name="model">The model.</param>
    /// <param name="variables">Its parameters and state (batch-norm statistics are read, not updated).</param>
    /// <param name="inputs">The samples, first dimension N.</param>
    /// <param name="classNames">The class names, C of them.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <param name="preprocess">Applied to each batch of inputs before the model (for example, to float and normalise).</param>
    public static ClassProbabilities Probabilities(
        Layer model, Variables variables, Tensor inputs, IReadOnlyList<string> classNames,
        int batchSize = DefaultBatchSize, Func<Tensor, Tensor>? preprocess = null) =>
        Forward(model, variables, inputs, classNames, batchSize, preprocess, onBatch: null);

    /// <summary>
    /// <see cref="Probabilities"/> with the true classes: the probabilities, the labels and the mean cross-entropy,
    /// <c>inputs: [N, ...], labels: [N] int64 -> Predictions</c>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="variables">Its parameters and state (batch-norm statistics are read, not updated).</param>
    /// <param name="inputs">The samples, first dimension N.</param>
    /// <param name="labels">The true classes, <c>[N]</c>.</param>
    /// <param name="classNames">The class names, C of them.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <param name="preprocess">Applied to each batch of inputs before the model (for example, to float and normalise).</param>
    public static Predictions Predict(
        Layer model, Variables variables, Tensor inputs, Tensor labels, IReadOnlyList<string> classNames,
        int batchSize = DefaultBatchSize, Func<Tensor, Tensor>? preprocess = null)
    {
        var count = inputs.shape[0];
        if (labels.shape.Length != 1 || labels.shape[0] != count)
            throw new ArgumentException($"{count} inputs need {count} labels, not {Tensors.Shapes.Format(labels.shape)}.", nameof(labels));

        var lossSum = 0.0;
        var scores = Forward(model, variables, inputs, classNames, batchSize, preprocess, (logProbabilities, start, length) =>
        {
            var target = labels.narrow(0, start, length).to(int64);
            lossSum += nn.functional.nll_loss(logProbabilities, target, reduction: nn.Reduction.Sum).item<float>();
        });

        int[] labelArray;
        using (NewDisposeScope()) labelArray = labels.to(int32).cpu().data<int>().ToArray();
        return new Predictions(scores, labelArray, count == 0 ? 0 : lossSum / count);
    }

    // The one forward pass under both: batches in inference mode; onBatch sees each batch's log-probabilities [B, C].
    private static ClassProbabilities Forward(
        Layer model, Variables variables, Tensor inputs, IReadOnlyList<string> classNames, int batchSize,
        Func<Tensor, Tensor>? preprocess, Action<Tensor, long, long>? onBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var count = inputs.shape[0];
        var classes = classNames.Count;
        var probabilities = new float[count * classes];
        using var inference = inference_mode();
        for (long start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, count - start);
            var batch = inputs.narrow(0, start, length);
            var x = preprocess is null ? batch : preprocess(batch);
            var outputs = model.Apply(variables.Params, variables.State, x, Mode.Eval).Output;
            if (outputs.shape.Length != 2 || outputs.shape[1] != classes)
                throw new ArgumentException($"The model gives outputs of shape {Tensors.Shapes.Format(outputs.shape)}, but {classes} classes need [B, {classes}].", nameof(model));
            var logProbabilities = nn.functional.log_softmax(outputs.to(float32), 1);
            onBatch?.Invoke(logProbabilities, start, length);
            logProbabilities.exp().contiguous().data<float>().CopyTo(probabilities, checked((int)(start * classes)));
        }
        return new ClassProbabilities(probabilities, classNames);
    }
}
