using static TorchSharp.torch;

namespace Mnist.Functional.Training;

/// <summary>The loss a model is trained on: <c>outputs: [B, C], labels: [B] int64 -> scalar</c>.</summary>
public delegate Tensor LossFunction(Tensor outputs, Tensor labels);
