using System.Text;
using System.Text.Json.Nodes;
using Mnist.Functional.Runs.Sweeps;
using static System.FormattableString;

namespace Mnist.Functional.Reports;

/// <summary>A sweep's trials as a text table for a terminal and as a JSON document (schema version 1).</summary>
public static class SweepTable
{
    /// <summary>The version of the JSON document's shape.</summary>
    public const int SchemaVersion = 1;

    /// <summary>One row per trial: its name, each varied setting, validation and test accuracy, training time, state; then the best trial.</summary>
    public static string Text(Sweep sweep, IReadOnlyList<SweepRow> rows)
    {
        string[] headers = ["trial", .. sweep.Axes.Select(axis => axis.Path), "val. acc.", "test acc.", "training", "state"];
        var table = rows.Select(row => (IReadOnlyList<string>)
        [
            row.Trial.Id, .. row.Trial.Settings.Select(setting => SweepFile.Show(setting.Value)),
            Percent(row.ValidationAccuracy), Percent(row.TestAccuracy),
            row.TrainingSeconds is { } seconds ? ReportFormat.Duration(seconds) : "—",
            State(row),
        ]).ToArray();
        var numbers = Enumerable.Range(1 + sweep.Axes.Count, 3).ToHashSet();
        var text = new StringBuilder(TextTable.Render(headers, table, numbers)).Append('\n');
        var done = rows.Count(row => row.State is TrialState.Finished or TrialState.Failed);
        text.Append(Invariant($"{done} of {rows.Count} trials done ({sweep.Sampling})."));
        if (SweepStatus.Best(rows) is { } best)
            text.Append(Invariant($" Best by {(SweepStatus.SelectsOnValidation(rows) ? $"validation accuracy: {best.Trial.Id} ({Percent(best.ValidationAccuracy)} on validation, {Percent(best.TestAccuracy)} on test)" : $"test accuracy (no validation split): {best.Trial.Id} ({Percent(best.TestAccuracy)})")}; {best.Trial.Describe()}."));
        return text.Append('\n').ToString();
    }

    /// <summary>The trials as JSON: <c>{ "schema_version": 1, "sweep", "sampling", "trials": [ { "trial", "settings", "state", "validation_accuracy", "test_accuracy", "training_seconds", "folder" } ], "best" }</c>.</summary>
    public static JsonObject Json(Sweep sweep, IReadOnlyList<SweepRow> rows) => new()
    {
        ["schema_version"] = SchemaVersion,
        ["sweep"] = sweep.Name,
        ["sampling"] = sweep.Sampling,
        ["trials"] = new JsonArray([.. rows.Select(row => (JsonNode)new JsonObject
        {
            ["trial"] = row.Trial.Id,
            ["settings"] = new JsonObject(row.Trial.Settings.Select(setting => KeyValuePair.Create(setting.Key, setting.Value?.DeepClone()))),
            ["state"] = State(row),
            ["validation_accuracy"] = row.ValidationAccuracy,
            ["test_accuracy"] = row.TestAccuracy,
            ["training_seconds"] = row.TrainingSeconds,
            ["folder"] = row.Run?.Folder,
        })]),
        ["best"] = SweepStatus.Best(rows)?.Trial.Id,
    };

    /// <summary>A trial's state in words: <c>running (pid 12 on host)</c>.</summary>
    public static string State(SweepRow row) => row.State switch
    {
        TrialState.Running => $"running ({row.Holder})",
        _ => row.State.ToString().ToLowerInvariant(),
    };

    private static string Percent(double? fraction) => fraction is { } value ? ReportFormat.Percent(value) : "—";
}
