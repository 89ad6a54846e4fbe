namespace Mnist.Functional.Training;

/// <summary>One step of a learning-rate range test.</summary>
/// <param name="Step">The step, from 1.</param>
/// <param name="Rate">The learning rate it used.</param>
/// <param name="Loss">Its batch's training loss, before the update.</param>
/// <param name="SmoothedLoss">The exponential moving average of the losses up to it, bias-corrected (<see cref="LearningRateFinder"/>).</param>
public sealed record LearningRatePoint(int Step, double Rate, double Loss, double SmoothedLoss);
