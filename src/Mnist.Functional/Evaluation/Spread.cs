namespace Mnist.Functional.Evaluation;

/// <summary>How a measurement varies over repeated runs (seeds): count, mean, sample standard deviation, minimum and maximum.</summary>
/// <param name="Count">How many values, <c>n</c>.</param>
/// <param name="Mean">The arithmetic mean, <c>Σx / n</c>.</param>
/// <param name="StandardDeviation">The sample standard deviation, <c>sqrt(Σ(x − mean)² / (n − 1))</c>; 0 for a single value.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public sealed record Spread(int Count, double Mean, double StandardDeviation, double Min, double Max)
{
    /// <summary>The spread of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">There are no values.</exception>
    public static Spread Of(IEnumerable<double> values)
    {
        var all = values.ToArray();
        if (all.Length == 0)
            throw new ArgumentException("A spread needs at least one value.", nameof(values));
        var mean = all.Average();
        var variance = all.Length == 1 ? 0 : all.Sum(x => (x - mean) * (x - mean)) / (all.Length - 1);
        return new Spread(all.Length, mean, Math.Sqrt(variance), all.Min(), all.Max());
    }
}
