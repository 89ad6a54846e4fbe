using Mnist.Functional.Runs;

namespace Mnist.Functional.Reports;

/// <summary>The table every experiment report starts from: one row per run with its model, recipe, size, test figures and times.</summary>
public static class ExperimentTable
{
    /// <summary>
    /// The runs as a Markdown table: model, recipe, seed, parameters, MFLOPs per digit, epochs run, final test accuracy
    /// and errors, the epoch with the best test accuracy (selection on the test set, shown for reference), training and
    /// evaluation time.
    /// </summary>
    public static string Of(IEnumerable<RunResult> runs) => MarkdownTable.Render(
        ["model", "recipe", "seed", "parameters", "MFLOPs", "epochs", "test accuracy", "test errors", "best test epoch", "training", "evaluation"],
        runs.Select(run => (IReadOnlyList<string>)
        [
            run.Spec.Model.Name, run.Spec.Recipe.Describe(), run.Spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReportFormat.Count(run.Summary.TotalParameters), ReportFormat.Fixed(run.Summary.TotalFlops / 1e6, 2),
            $"{run.History.Epochs.Count}", run.Test is { } test ? ReportFormat.Percent(test.Accuracy) : "–", run.Test is { } tested ? ReportFormat.Count(tested.Errors) : "–",
            run.BestTestEpoch is { } best ? $"{best.Epoch} ({ReportFormat.Percent(best.TestAccuracy ?? 0)})" : "–",
            ReportFormat.Duration(run.Timings.TrainingSeconds), ReportFormat.Duration(run.Timings.EvaluationSeconds),
        ]),
        numericColumns: new HashSet<int> { 2, 3, 4, 5, 6, 7, 9, 10 });
}
