namespace Mnist.Functional.Training;

/// <summary>How far the epoch in course has gone: what a run stopped mid-epoch needs to resume it exactly.</summary>
/// <param name="Batches">Batches done in this epoch.</param>
/// <param name="LossSum">Sum of the batches' mean losses.</param>
/// <param name="Correct">Training samples classified correctly so far.</param>
/// <param name="Samples">Training samples seen so far.</param>
/// <param name="Seconds">Wall time of the steps so far.</param>
public sealed record EpochProgress(long Batches, double LossSum, long Correct, long Samples, double Seconds)
{
    /// <summary>An epoch that has not started.</summary>
    public static EpochProgress None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>This progress after one more batch.</summary>
    public EpochProgress After(float loss, long correct, long samples, double seconds) =>
        new(Batches + 1, LossSum + loss, Correct + correct, Samples + samples, Seconds + seconds);
}
