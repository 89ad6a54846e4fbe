using System.Globalization;

namespace Mnist.Functional.Reports;

/// <summary>How the report writes numbers: culture-invariant, so a report reads the same wherever it was made.</summary>
public static class ReportFormat
{
    /// <summary>A fraction as a percentage: 0.98765 -> <c>98.77%</c>.</summary>
    public static string Percent(double fraction, int decimals = 2) =>
        (fraction * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%";

    /// <summary>A number with a fixed count of decimals.</summary>
    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>A loss with 4 decimals, or from a million up in scientific notation (<c>4.880e+23</c>), so that a diverged model's loss stays one short cell.</summary>
    public static string Loss(double value) =>
        Math.Abs(value) < 1e6 ? Fixed(value, 4) : value.ToString("0.000e+00", CultureInfo.InvariantCulture);

    /// <summary>A whole number with thousands separators: <c>60,000</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A duration a person reads at a glance: <c>8.4 s</c>, <c>3 min 12 s</c>, <c>1 h 05 min</c>.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 60 => Fixed(seconds, 1) + " s",
        < 3600 => $"{(int)(seconds / 60)} min {(int)(seconds % 60):00} s",
        _ => $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60):00} min",
    };

    /// <summary>A rate such as a learning rate, as a decimal with three significant digits and no exponent: <c>0.000000802</c>, <c>0.1</c>, <c>1</c>; a dash for NaN.</summary>
    public static string Rate(double value)
    {
        if (double.IsNaN(value)) return "—";
        if (value == 0 || double.IsInfinity(value)) return value.ToString(CultureInfo.InvariantCulture);
        var decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 15);
        var text = value.ToString("F" + decimals, CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>A moment in UTC: <c>2026-11-24 20:15:03 UTC</c>.</summary>
    public static string Moment(DateTimeOffset moment) =>
        moment.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
