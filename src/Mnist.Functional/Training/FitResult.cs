namespace Mnist.Functional.Training;

/// <summary>How a run ended, for observers and callers.</summary>
/// <param name="State">The last good state. The caller owns its tensors and frees them with <see cref="TrainState.Dispose"/>.</param>
/// <param name="GeneratorState">The generator's state at the end, for an exact resume.</param>
/// <param name="Stop">Why the run ended, as a kind and in words.</param>
public sealed record FitResult(TrainState State, byte[] GeneratorState, FitStop Stop);
