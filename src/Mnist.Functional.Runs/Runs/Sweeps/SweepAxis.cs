using System.Text.Json.Nodes;

namespace Mnist.Functional.Runs.Sweeps;

/// <summary>
/// One setting a sweep varies: the field path in a run's specification (<c>recipe.learning_rate</c>, <c>seed</c>) and
/// the values it takes. A list (or a whole-number range, which is a list) is walked by a grid and drawn from by random
/// sampling; a continuous range (<see cref="Minimum"/> to <see cref="Maximum"/>, uniform or log-uniform) is drawn from only.
/// </summary>
/// <param name="Path">The field path in the run's specification, as <c>run.json</c>'s <c>spec</c> names it.</param>
/// <param name="Values">The values to take, in order; empty for a continuous range.</param>
public sealed record SweepAxis(string Path, IReadOnlyList<JsonNode?> Values)
{
    /// <summary>The lower end of a continuous range; <see langword="null"/> for a list.</summary>
    public double? Minimum { get; init; }

    /// <summary>The upper end of a continuous range; <see langword="null"/> for a list.</summary>
    public double? Maximum { get; init; }

    /// <summary>Draw a continuous range log-uniformly (for learning rates and weight decays, which matter by their order of magnitude).</summary>
    public bool Logarithmic { get; init; }

    /// <summary>Whether the axis is a continuous range, which only random sampling can take.</summary>
    public bool IsContinuous => Minimum is not null;

    /// <summary>A value drawn by <paramref name="random"/>: a list's item uniformly, or a point of the range.</summary>
    public JsonNode? Draw(Random random)
    {
        if (!IsContinuous)
            return Values[random.Next(Values.Count)]?.DeepClone();
        var (low, high) = (Minimum!.Value, Maximum!.Value);
        var u = random.NextDouble();
        return Logarithmic ? Math.Exp(Math.Log(low) + u * (Math.Log(high) - Math.Log(low))) : low + u * (high - low);
    }
}
