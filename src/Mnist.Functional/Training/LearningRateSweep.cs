namespace Mnist.Functional.Training;

/// <summary>
/// What a learning-rate range test found: the loss at each rate it tried, why it stopped, and the suggested rate.
/// </summary>
/// <param name="Range">The settings it ran with.</param>
/// <param name="Points">One per step made, rates rising.</param>
/// <param name="Stopped">Why it ended, in words: the planned steps ran out, or the loss diverged at a step.</param>
/// <param name="Diverged">Whether it ended because the loss diverged (or became NaN) before the planned steps ran out.</param>
public sealed record LearningRateSweep(LearningRateRange Range, IReadOnlyList<LearningRatePoint> Points, string Stopped, bool Diverged)
{
    /// <summary>Points left out at the start of the suggestion's search (Lightning's <c>skip_begin</c>): the average is still settling there.</summary>
    public const int SkipBegin = 10;

    /// <summary>Points left out at the end of the suggestion's search (Lightning's <c>skip_end</c>).</summary>
    public const int SkipEnd = 1;

    /// <summary>
    /// The point whose smoothed loss falls fastest as the rate rises: the minimum of the smoothed losses' gradient against
    /// the step (central differences, one-sided at the ends, as <c>numpy.gradient</c>), the first <see cref="SkipBegin"/>
    /// and last <see cref="SkipEnd"/> points left out. The steps are evenly spaced in log-rate, so this is the steepest
    /// descent against log(rate). This is PyTorch Lightning's suggestion (<c>lightning/pytorch/tuner/lr_finder.py</c>,
    /// <c>_LRFinder.suggestion</c>); fastai's <c>steep</c> is the same rule. <see langword="null"/> when fewer than three
    /// points are left to search (the loss diverged too soon: start lower).
    /// </summary>
    public LearningRatePoint? Suggested
    {
        get
        {
            var searched = Points.Skip(SkipBegin).SkipLast(SkipEnd).Where(point => double.IsFinite(point.SmoothedLoss)).ToArray();
            if (searched.Length < 3) return null;
            var steepest = 0;
            var lowest = double.PositiveInfinity;
            for (var i = 0; i < searched.Length; i++)
            {
                var gradient = i == 0 ? searched[1].SmoothedLoss - searched[0].SmoothedLoss
                    : i == searched.Length - 1 ? searched[i].SmoothedLoss - searched[i - 1].SmoothedLoss
                    : (searched[i + 1].SmoothedLoss - searched[i - 1].SmoothedLoss) / 2;
                if (gradient < lowest) (steepest, lowest) = (i, gradient);
            }
            return searched[steepest];
        }
    }

    /// <summary>The point of the lowest smoothed loss; <see langword="null"/> when there are no points.</summary>
    public LearningRatePoint? Lowest => Points.Count == 0 ? null : Points.MinBy(point => point.SmoothedLoss);
}
