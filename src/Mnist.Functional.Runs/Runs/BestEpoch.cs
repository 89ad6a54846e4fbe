namespace Mnist.Functional.Runs;

/// <summary>The best epoch of a run that keeps it (<see cref="RunSpec.KeepBest"/>, <see cref="RunSpec.RestoreBest"/>), as <c>run.json</c> records it.</summary>
/// <param name="Metric">The figure that chose it, by its key: <c>validation_loss</c>.</param>
/// <param name="Epoch">Its number, from 1.</param>
/// <param name="Value">Its value of <paramref name="Metric"/>.</param>
/// <param name="Checkpoint">The folder its checkpoint is in, as a full path.</param>
/// <param name="Restored">Whether the run ended with its weights (<see cref="RunSpec.RestoreBest"/>), its own last weights left behind.</param>
public sealed record BestEpoch(string Metric, int Epoch, double Value, string Checkpoint, bool Restored);
