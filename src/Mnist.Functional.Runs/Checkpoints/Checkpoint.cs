using System.Text.Json.Nodes;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;

namespace Mnist.Functional.Checkpoints;

/// <summary>Everything needed to resume training or to evaluate: the model's variables, the optimizer's state, the generator's state, where training stood, and free-form metadata (config, history).</summary>
/// <param name="Variables">The model's parameters and state (batch-norm statistics).</param>
/// <param name="OptimizerState">The optimizer's tensors as a named tree (moments, accumulators); empty when there are none.</param>
/// <param name="GeneratorState">The random generator's state bytes, so that a resumed run draws the same numbers.</param>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Step">Optimizer steps completed.</param>
/// <param name="Metadata">Configuration, history and anything else the caller wants back, as JSON.</param>
public sealed record Checkpoint(Variables Variables, Params OptimizerState, byte[] GeneratorState, int Epoch, long Step, JsonObject Metadata);
