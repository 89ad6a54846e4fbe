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

    /// <summary>A whole number with thousands separators: <c>60,000</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A duration a person reads at a glance: <c>8.4 s</c>, <c>3 min 12 s</c>, <c>1 h 05 min</c>.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 60 => Fixed(seconds, 1) + " s",
        < 3600 => $"{(int)(seconds / 60)} min {(int)(seconds % 60):00} s",
        _ => $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60):00} min",
    };

    /// <summary>A moment in UTC: <c>2026-11-24 20:15:03 UTC</c>.</summary>
    public static string Moment(DateTimeOffset moment) =>
        moment.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
