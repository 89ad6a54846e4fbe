using System.Globalization;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>Durations in messages, written the same under every culture: <c>0.3 s</c>, <c>300 s</c>.</summary>
internal static class Durations
{
    /// <summary>Seconds with at most one decimal and a unit: <c>0.3 s</c>.</summary>
    public static string InSeconds(this TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
