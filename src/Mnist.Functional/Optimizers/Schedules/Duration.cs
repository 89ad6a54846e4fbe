using System.Globalization;

namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>
/// How long a part of a <see cref="SchedulePlan"/> lasts: the whole run (the default value), a number of steps, or a
/// number of epochs. <see cref="RunLength.StepsIn"/> turns it into steps once the run's length is known.
/// </summary>
public readonly record struct Duration
{
    private Duration(DurationUnit unit, double amount) => (Unit, Amount) = (unit, amount);

    /// <summary>What the duration counts in.</summary>
    public DurationUnit Unit { get; }

    /// <summary>How many steps or epochs; 0 for the whole run.</summary>
    public double Amount { get; }

    /// <summary>The whole run, whatever its length (<c>default(Duration)</c>).</summary>
    public static Duration Run => default;

    /// <summary><paramref name="steps"/> optimizer steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is not positive.</exception>
    public static Duration Steps(long steps) =>
        steps > 0 ? new(DurationUnit.Steps, steps) : throw new ArgumentOutOfRangeException(nameof(steps), steps, "A duration is at least 1 step.");

    /// <summary><paramref name="epochs"/> epochs, which may be a fraction (half an epoch of warm-up).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is not a positive, finite number.</exception>
    public static Duration Epochs(double epochs) =>
        epochs > 0 && double.IsFinite(epochs) ? new(DurationUnit.Epochs, epochs) : throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "A duration in epochs must be a positive number.");

    /// <summary><c>the run</c>, <c>500 steps</c>, <c>1.5 epochs</c>.</summary>
    public override string ToString() => Unit switch
    {
        DurationUnit.Steps => string.Create(CultureInfo.InvariantCulture, $"{Amount} step{(Amount == 1 ? "" : "s")}"),
        DurationUnit.Epochs => string.Create(CultureInfo.InvariantCulture, $"{Amount} epoch{(Amount == 1 ? "" : "s")}"),
        _ => "the run",
    };
}
