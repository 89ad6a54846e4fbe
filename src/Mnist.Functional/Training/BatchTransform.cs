using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using static TorchSharp.torch;

namespace Mnist.Functional.Training;

/// <summary>
/// What a training step feeds the model in place of a batch's images, made against the model's current variables just
/// before the loss is taken, as adversarial training needs: <c>batch.Images: [B, ...] -> [B, ...]</c>, the same shape and
/// type, without a gradient of its own.
/// </summary>
/// <remarks>
/// It runs inside the step's dispose scope, so whatever it makes is freed with the step. It may use the generator:
/// the step hands it the run's own, whose state a checkpoint saves, so a resumed run draws the same numbers.
/// </remarks>
/// <param name="variables">The parameters and layer state the step is about to differentiate at.</param>
/// <param name="batch">The batch as the pipeline made it (preprocessed images, labels).</param>
/// <param name="step">Updates made before this one, 0 at a run's first step: a transform may change over the run.</param>
/// <param name="generator">The run's generator.</param>
public delegate Tensor BatchTransform(Variables variables, Batch batch, long step, Generator generator);
