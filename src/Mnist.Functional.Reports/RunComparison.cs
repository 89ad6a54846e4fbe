using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Runs;

namespace Mnist.Functional.Reports;

/// <summary>One line of a comparison: a setting or a result, its value in each run, and whether the runs differ in it.</summary>
/// <param name="Name">The setting's dotted name (<c>recipe.learning_rate</c>) or the result's name (<c>test accuracy</c>).</param>
/// <param name="Values">The value in each run, in the runs' order; <c>—</c> where a run does not say.</param>
/// <param name="IsSetting">Whether the line is part of the runs' configuration (a difference there is highlighted) rather than a result.</param>
public sealed record ComparisonRow(string Name, IReadOnlyList<string> Values, bool IsSetting)
{
    /// <summary>Whether the runs do not all have the same value.</summary>
    public bool Differs => Values.Distinct(StringComparer.Ordinal).Skip(1).Any();
}

/// <summary>Runs side by side: their settings, every one the configurations hold, then their results; as rows and as a text table.</summary>
public static class RunComparison
{
    /// <summary>
    /// The settings (the configurations flattened to dotted names, in the order they first appear; those no run sets
    /// left out) and then the results of <paramref name="runs"/>.
    /// </summary>
    public static IReadOnlyList<ComparisonRow> Rows(IReadOnlyList<SavedRun> runs)
    {
        var settings = runs.Select(run => Flatten(run.Configuration)).ToArray();
        var names = settings.SelectMany(flat => flat.Keys).Distinct(StringComparer.Ordinal).ToArray();
        var rows = names.Select(name => new ComparisonRow(name, [.. settings.Select(flat => flat.GetValueOrDefault(name, "—"))], IsSetting: true))
                        .Where(row => row.Values.Any(value => value != "—"))
                        .ToList();

        void Result(string name, Func<SavedRun, string?> value) =>
            rows.Add(new ComparisonRow(name, [.. runs.Select(run => value(run) ?? "—")], IsSetting: false));
        Result("state", run => RunListing.State(run.State));
        Result("epochs done", run => RunListing.Figure(run, nameof(SavedRun.EpochsCompleted), run.EpochsCompleted.ToString(CultureInfo.InvariantCulture)));
        Result("test accuracy", run => RunListing.Figure(run, nameof(SavedRun.TestAccuracy), run.TestAccuracy is { } accuracy ? ReportFormat.Percent(accuracy) : null));
        Result("test loss", run => RunListing.Figure(run, nameof(SavedRun.TestLoss), run.TestLoss is { } loss ? ReportFormat.Loss(loss) : null));
        Result("training time", run => RunListing.Figure(run, nameof(SavedRun.TrainingSeconds), run.TrainingSeconds is { } seconds ? ReportFormat.Duration(seconds) : null));
        Result("date (UTC)", run => RunListing.Figure(run, nameof(SavedRun.Date), run.Date?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        Result("library version", run => run.LibraryVersion is { } version ? ShortVersion(version) : null);
        return rows;
    }

    /// <summary>
    /// The comparison as a text table: one column per run (headed by its folder's name), settings first; a <c>*</c>
    /// before a setting's name marks a setting in which the runs differ.
    /// </summary>
    public static string Text(IReadOnlyList<SavedRun> runs)
    {
        var rows = Rows(runs);
        var table = rows.Select(row => (IReadOnlyList<string>)[(row.IsSetting && row.Differs ? "* " : "  ") + row.Name, .. row.Values]).ToArray();
        var text = new StringBuilder(TextTable.Render([.. runs.Select(run => run.Name).Prepend("")], table));
        if (rows.Any(row => row.IsSetting && row.Differs)) text.Append("* the runs differ in this setting\n");
        return text.ToString();
    }

    /// <summary>A version with its commit cut to 7 digits, as git abbreviates it: <c>1.0.0+decd996</c>.</summary>
    internal static string ShortVersion(string version) =>
        version.IndexOf('+', StringComparison.Ordinal) is var plus and >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;

    /// <summary>A JSON object's leaves by dotted path (<c>recipe.epochs</c> → <c>2</c>); numbers as invariant text, null as <c>—</c>.</summary>
    internal static Dictionary<string, string> Flatten(JsonObject json)
    {
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj) Walk(child, path.Length == 0 ? key : $"{path}.{key}");
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                    flat[path] = value.GetValue<double>().ToString("G6", CultureInfo.InvariantCulture);
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    flat[path] = value.GetValue<string>();
                    break;
                case null:
                    flat[path] = "—";
                    break;
                default:
                    flat[path] = node.ToJsonString();
                    break;
            }
        }
        Walk(json, "");
        return flat;
    }
}
