namespace Mnist.Functional.Runs;

/// <summary>Where a run's wall time went.</summary>
/// <param name="TrainingSeconds">Time spent in training steps.</param>
/// <param name="EvaluationSeconds">Time spent evaluating on the test split (and validation, if any).</param>
/// <param name="TotalSeconds">Wall time of the whole run, including data loading and writing files.</param>
public sealed record RunTimings(double TrainingSeconds, double EvaluationSeconds, double TotalSeconds);
