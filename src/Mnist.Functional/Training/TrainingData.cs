using Mnist.Functional.Data;
using static TorchSharp.torch;

namespace Mnist.Functional.Training;

/// <summary>The data a run reads: the training batches, and the splits evaluated at the end of each epoch.</summary>
/// <param name="Train">The training pipeline, shuffled, batched and preprocessed (<c>train.Shuffle(seed).Batch(64).Select(preprocess)</c>).</param>
/// <param name="Preprocess">What the pipeline does to images, applied to the evaluated splits as well.</param>
/// <param name="ClassNames">The class names, in index order.</param>
/// <param name="Validation">A held-out part of the training data, evaluated each epoch; optional.</param>
/// <param name="Test">The test split, evaluated each epoch when given.</param>
/// <param name="EvaluationBatchSize">Samples per forward pass when evaluating.</param>
public sealed record TrainingData(
    BatchPipeline Train,
    Func<Tensor, Tensor> Preprocess,
    IReadOnlyList<string> ClassNames,
    Split? Validation = null,
    Split? Test = null,
    int EvaluationBatchSize = Evaluation.Evaluator.DefaultBatchSize);
