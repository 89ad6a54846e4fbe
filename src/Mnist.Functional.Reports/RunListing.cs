using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Mnist.Functional.Runs;
using Mnist.Functional.Text;

namespace Mnist.Functional.Reports;

/// <summary>A list of runs as a text table for a terminal and as a JSON document (schema version 1).</summary>
public static class RunListing
{
    /// <summary>The version of the JSON document's shape.</summary>
    public const int SchemaVersion = 1;

    /// <summary>
    /// One row per run: folder, state, model, dataset, epochs (done/planned), test accuracy, training time and date
    /// (UTC), a figure whose recorded value cannot be used shown as <c>?</c>; then a line for each run that did not
    /// finish, saying why, and one for each file or field of a run that could not be read.
    /// </summary>
    public static string Text(IReadOnlyList<SavedRun> runs)
    {
        if (runs.Count == 0) return "no runs\n";
        string[] headers = ["run", "state", "model", "dataset", "epochs", "test acc.", "training", "date (UTC)"];
        var rows = runs.Select(run => new[]
        {
            run.Name, State(run.State), run.Model ?? "?", run.Dataset ?? "?", Figure(run, nameof(SavedRun.EpochsCompleted), Epochs(run)),
            Figure(run, nameof(SavedRun.TestAccuracy), run.TestAccuracy is { } accuracy ? ReportFormat.Percent(accuracy) : null),
            Figure(run, nameof(SavedRun.TrainingSeconds), run.TrainingSeconds is { } seconds ? ReportFormat.Duration(seconds) : null),
            Figure(run, nameof(SavedRun.Date), run.Date is { } date ? date.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null),
        }).ToArray();
        var text = new StringBuilder(TextTable.Render(headers, rows, rightAligned: new HashSet<int> { 4, 5, 6 }));
        foreach (var run in runs.Where(run => run.State != RunState.Finished && run.Reason.Length > 0))
            text.Append(CultureInfo.InvariantCulture, $"{OutsideText.Show(run.Name)}: {State(run.State)}: {OutsideText.Show(run.Reason, 400)}\n");
        foreach (var run in runs)
            foreach (var problem in run.Problems)
                text.Append(CultureInfo.InvariantCulture, $"{OutsideText.Show(run.Name)}: cannot read {OutsideText.Show(Shortened(run, problem), 400)}\n");
        return text.ToString();
    }

    /// <summary>
    /// <paramref name="shown"/>, or <c>?</c> when the run recorded the figure <paramref name="figure"/> but its value
    /// cannot be used (of the wrong type, or out of range), or <c>—</c> when nothing was recorded.
    /// </summary>
    internal static string Figure(SavedRun run, string figure, string? shown) =>
        run.Damaged.Contains(figure) && shown is null ? "?" : shown ?? "—";

    // A problem names its file by its full path; under a listing, the run's own name stands for its folder.
    private static string Shortened(SavedRun run, string problem) =>
        problem.StartsWith(run.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? problem[(run.Folder.Length + 1)..] : problem;

    /// <summary>The runs as JSON: <c>{ "schema_version": 1, "runs": [ { "folder", "name", "state", "reason", "model", … } ] }</c>; unknown values are null.</summary>
    public static JsonObject Json(IReadOnlyList<SavedRun> runs) => new()
    {
        ["schema_version"] = SchemaVersion,
        ["runs"] = new JsonArray([.. runs.Select(run => (JsonNode)new JsonObject
        {
            ["folder"] = run.Folder,
            ["name"] = run.Name,
            ["state"] = State(run.State),
            ["reason"] = run.Reason,
            ["model"] = run.Model,
            ["dataset"] = run.Dataset,
            ["epochs_completed"] = run.EpochsCompleted,
            ["epochs_planned"] = run.EpochsPlanned,
            ["test_accuracy"] = run.TestAccuracy,
            ["test_loss"] = run.TestLoss,
            ["training_seconds"] = run.TrainingSeconds,
            ["started_utc"] = Utc(run.Started),
            ["ended_utc"] = Utc(run.Ended),
            ["command"] = run.Command,
            ["library_version"] = run.LibraryVersion,
            ["checkpoint"] = run.Checkpoint,
            ["report"] = run.Report,
            ["problems"] = new JsonArray([.. run.Problems.Select(problem => (JsonNode?)problem)]),
        })]),
    };

    /// <summary>The state as the listing and <c>run.json</c> write it: <c>finished</c>, <c>interrupted</c>, <c>failed</c> or <c>running</c>.</summary>
    public static string State(RunState state) => state.ToString().ToLowerInvariant();

    private static string Epochs(SavedRun run) =>
        run.EpochsPlanned is { } planned ? string.Create(CultureInfo.InvariantCulture, $"{run.EpochsCompleted}/{planned}") : run.EpochsCompleted.ToString(CultureInfo.InvariantCulture);

    private static string? Utc(DateTimeOffset? moment) => moment?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
