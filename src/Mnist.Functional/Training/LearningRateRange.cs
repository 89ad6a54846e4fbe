using System.Globalization;

namespace Mnist.Functional.Training;

/// <summary>
/// The settings of a learning-rate range test (<see cref="LearningRateFinder"/>): rates from <paramref name="Start"/> to
/// <paramref name="End"/>, rising exponentially over <paramref name="Steps"/> steps, the loss smoothed by an exponential
/// moving average of weight <paramref name="Smoothing"/>, and a stop when the smoothed loss passes
/// <paramref name="DivergeFactor"/> times the best so far. The defaults are fastai's <c>lr_find</c> (1e-7 to 10 over 100
/// steps, β 0.98, stop at 4× the best).
/// </summary>
/// <param name="Start">The first step's rate; positive.</param>
/// <param name="End">The last step's rate; above <paramref name="Start"/>.</param>
/// <param name="Steps">How many steps the sweep takes at most; from <see cref="MinSteps"/> to <see cref="MaxSteps"/>.</param>
/// <param name="Smoothing">β of the moving average, in [0, 1).</param>
/// <param name="DivergeFactor">The sweep stops when the smoothed loss exceeds this many times its lowest value; above 1.</param>
public sealed record LearningRateRange(double Start = 1e-7, double End = 10, int Steps = 100, double Smoothing = 0.98, double DivergeFactor = 4)
{
    /// <summary>The fewest steps a sweep may take: the suggestion skips the first ten and the last (<see cref="LearningRateSweep"/>).</summary>
    public const int MinSteps = 20;

    /// <summary>The most steps a sweep may take, which bounds its time.</summary>
    public const int MaxSteps = 2000;

    /// <summary>The rate of step <paramref name="index"/> (from 0): <c>Start · (End / Start)^(index / (Steps − 1))</c>.</summary>
    public double RateAt(int index) => Start * Math.Pow(End / Start, (double)index / (Steps - 1));

    /// <summary>Checks the settings; <see cref="ArgumentException.ParamName"/> names the one at fault (<c>start</c>, <c>end</c>, <c>steps</c>, <c>smoothing</c>, <c>diverge_factor</c>).</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message says what it must be.</exception>
    public LearningRateRange Checked()
    {
        Require(Start > 0 && double.IsFinite(Start), "start", $"The first rate must be a positive number, not {Text(Start)}.");
        Require(End > Start && double.IsFinite(End), "end", $"The last rate must be a number above the first ({Text(Start)}), not {Text(End)}.");
        Require(Steps is >= MinSteps and <= MaxSteps, "steps", $"The sweep takes from {MinSteps} to {MaxSteps:N0} steps, not {Steps}.");
        Require(Smoothing is >= 0 and < 1, "smoothing", $"The smoothing β must be at least 0 and less than 1, not {Text(Smoothing)}.");
        Require(DivergeFactor > 1 && double.IsFinite(DivergeFactor), "diverge_factor", $"The divergence factor must be a number above 1, not {Text(DivergeFactor)}.");
        return this;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition) throw new ArgumentException(problem, name);
    }
}
