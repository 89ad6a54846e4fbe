using System.Globalization;
using System.Text.Json.Nodes;

namespace Mnist.Functional.Runs.Sweeps;

/// <summary>One trial of a sweep: its number, the values it gives the varied settings, and the run it is.</summary>
/// <param name="Index">The trial's place in the sweep, from 0; shards split the sweep by it.</param>
/// <param name="Settings">Each varied setting's field path and the value this trial gives it, in the sweep file's order.</param>
/// <param name="Spec">The whole run, checked; its folder is not set (the sweep's folder gives it one, <see cref="SweepFolder.TrialFolder"/>).</param>
public sealed record SweepTrial(int Index, IReadOnlyList<KeyValuePair<string, JsonNode?>> Settings, RunSpec Spec)
{
    /// <summary>The trial's name and the name of its run folder: <c>trial-0007</c> for index 6.</summary>
    public string Id => Name(Index);

    /// <summary>The name of trial <paramref name="index"/>.</summary>
    public static string Name(int index) => string.Create(CultureInfo.InvariantCulture, $"trial-{index + 1:D4}");

    /// <summary>The settings in words: <c>recipe.learning_rate=0.1 seed=2</c>.</summary>
    public string Describe() => string.Join(" ", Settings.Select(setting => $"{setting.Key}={SweepFile.Show(setting.Value)}"));
}
