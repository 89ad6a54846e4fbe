using System.Globalization;

namespace Mnist.Functional.Training;

/// <summary>
/// Lowers the learning rate when a watched metric stops improving, as PyTorch's <c>ReduceLROnPlateau</c>
/// (<c>torch/optim/lr_scheduler.py</c>, threshold mode <c>rel</c>, no cooldown): after each epoch, a value better than the
/// best so far by more than the relative <paramref name="Threshold"/> (<c>v &lt; best · (1 − threshold)</c> for a loss,
/// <c>v &gt; best · (1 + threshold)</c> for an accuracy) resets the count of bad epochs; when the count passes
/// <paramref name="Patience"/>, the rate is multiplied by <paramref name="Factor"/> (never below <paramref name="MinRate"/>,
/// and only when that changes it by more than <see cref="Eps"/>) and the count starts again.
/// </summary>
/// <remarks>
/// The rate is a pure function of the run's <see cref="History"/>, which the training state carries and a checkpoint
/// saves: <see cref="ScaleAfter"/> folds the finished epochs' values into the factor the schedule's rate is multiplied by.
/// Nothing else is remembered, so a run resumed from a checkpoint goes on with the same reduced rate, bit for bit.
/// </remarks>
/// <param name="Factor">What the rate is multiplied by at each reduction, in (0, 1).</param>
/// <param name="Patience">Epochs without improvement that are tolerated; the reduction comes after one more. At least 0.</param>
/// <param name="Threshold">The relative improvement that counts, at least 0.</param>
/// <param name="MinRate">The rate is never reduced below this; at least 0.</param>
public sealed record ReduceOnPlateau(double Factor = ReduceOnPlateau.DefaultFactor, int Patience = ReduceOnPlateau.DefaultPatience, double Threshold = ReduceOnPlateau.DefaultThreshold, double MinRate = 0)
{
    /// <summary>PyTorch's default factor.</summary>
    public const double DefaultFactor = 0.1;

    /// <summary>PyTorch's default patience.</summary>
    public const int DefaultPatience = 10;

    /// <summary>PyTorch's default relative threshold.</summary>
    public const double DefaultThreshold = 1e-4;

    /// <summary>A reduction smaller than this is not made (PyTorch's <c>eps</c>).</summary>
    public const double Eps = 1e-8;

    /// <summary>The metric watched; the validation loss unless set.</summary>
    public Metric Metric { get; init; } = Metric.ValidationLoss;

    /// <summary>
    /// The factor the rate of <paramref name="initialRate"/> has been multiplied by after <paramref name="epochs"/>: 1 until
    /// the first reduction, then <c>Factor</c>, <c>Factor²</c>, …, and no less than <c>MinRate / initialRate</c>.
    /// </summary>
    /// <param name="epochs">The finished epochs, in order; each must hold <see cref="Metric"/>.</param>
    /// <param name="initialRate">The rate the schedule gives before any reduction; positive.</param>
    /// <exception cref="InvalidOperationException">An epoch lacks the metric (its split was not evaluated).</exception>
    public double ScaleAfter(IReadOnlyList<EpochRecord> epochs, double initialRate)
    {
        var (scale, best, bad) = (1.0, double.NaN, 0);
        foreach (var record in epochs)
        {
            var value = Metric.Read(record) ?? throw new InvalidOperationException(
                $"The plateau schedule watches the {Metric.Name}, but epoch {record.Epoch} does not measure it: give the run a {Metric.Split} split.");
            if (double.IsNaN(best) || Better(value, best))
                (best, bad) = (value, 0);
            else
                bad++;
            if (bad <= Patience) continue;
            var reduced = Math.Max(scale * Factor, MinRate / initialRate);
            if ((scale - reduced) * initialRate > Eps) scale = reduced;
            bad = 0;
        }
        return scale;
    }

    /// <summary>The settings in words: <c>×0.1 once the validation loss has not improved by 0.0001 (relative) for more than 10 epochs</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"×{Factor:G3} once the {Metric.Name} has not improved by {Threshold:G3} (relative) for more than {Patience} epoch{(Patience == 1 ? "" : "s")}{(MinRate > 0 ? $", down to {MinRate:G3}" : "")}");

    /// <summary>Checks the numbers; <see cref="ArgumentException.ParamName"/> names the one at fault (<c>factor</c>, <c>patience</c>, <c>threshold</c>, <c>min_lr</c>).</summary>
    /// <exception cref="ArgumentException">A number is out of its range; the message says what it must be.</exception>
    public ReduceOnPlateau Checked()
    {
        Require(Factor is > 0 and < 1, "factor", $"The plateau factor must lie between 0 and 1 (each reduction multiplies the rate by it), not {Factor.ToString(CultureInfo.InvariantCulture)}.");
        Require(Patience >= 0, "patience", $"The plateau patience must be 0 epochs or more, not {Patience}.");
        Require(Threshold >= 0 && double.IsFinite(Threshold), "threshold", $"The plateau threshold must be a relative improvement of 0 or more, not {Threshold.ToString(CultureInfo.InvariantCulture)}.");
        Require(MinRate >= 0 && double.IsFinite(MinRate), "min_lr", $"The plateau's smallest rate must be 0 or more, not {MinRate.ToString(CultureInfo.InvariantCulture)}.");
        return this;
    }

    private bool Better(double value, double best) =>
        Metric.HigherIsBetter ? value > best * (1 + Threshold) : value < best * (1 - Threshold);

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition) throw new ArgumentException(problem, name);
    }
}
