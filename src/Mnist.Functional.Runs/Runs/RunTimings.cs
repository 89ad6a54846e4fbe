namespace Mnist.Functional.Runs;

/// <summary>Where a run's wall time went.</summary>
/// <param name="TrainingSeconds">Time spent in training steps; for a resumed run the pipeline counts every session.</param>
/// <param name="EvaluationSeconds">Time spent evaluating on the test split (and validation, if any).</param>
/// <param name="TotalSeconds">Wall time of the whole run, including data loading and writing files; for a resumed run the pipeline adds up every session, so it is never less than <paramref name="TrainingSeconds"/>.</param>
public sealed record RunTimings(double TrainingSeconds, double EvaluationSeconds, double TotalSeconds);
