using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Mnist.Functional.Datasets;
using Mnist.Functional.IO;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Mnist.Functional.Reports;

/// <summary>
/// Several runs on one self-contained HTML page that works offline: their curves overlaid against the epoch (test and
/// validation accuracy per epoch, with the smoothed training accuracy per step of runs too short for per-epoch points to
/// show a path; smoothed training loss with the floor of label smoothing; test and validation loss per epoch; the
/// learning rate, on a linear or logarithmic axis) and their settings and results side by side, with the settings in
/// which they differ highlighted.
/// </summary>
public static class ComparisonPage
{
    /// <summary>One colour per run, in order; runs past the eighth reuse them.</summary>
    internal static readonly string[] RunColours = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];

    /// <summary>The page for <paramref name="runs"/> and their <paramref name="histories"/> (indexed alike).</summary>
    /// <param name="runs">The runs, in the order of the table's columns.</param>
    /// <param name="histories">Each run's training history; empty for a run without one.</param>
    /// <param name="folder">The folder the page will be saved in, for links to each run's report relative to it; <see langword="null"/> for full paths.</param>
    /// <exception cref="ArgumentException">The runs and histories differ in count, or there are no runs.</exception>
    public static string Render(IReadOnlyList<SavedRun> runs, IReadOnlyList<History> histories, string? folder = null)
    {
        if (runs.Count == 0) throw new ArgumentException("There are no runs to compare.", nameof(runs));
        if (runs.Count != histories.Count) throw new ArgumentException($"{runs.Count} runs but {histories.Count} histories; give one history per run.", nameof(histories));
        var charts = Charts(runs, histories);
        var title = $"Comparison of {runs.Count} runs";
        var main = $"""
            <section id="settings">
            <h2>Settings and results</h2>
            <p class="note">Highlighted: the settings in which the runs differ.</p>
            <div class="card">{Table(runs, folder)}</div>
            </section>
            <section id="curves">
            <h2>Curves</h2>
            <p class="note">Training loss and accuracy are smoothed by an exponential moving average that starts at each run's first step; the x axis counts epochs, so runs with different batch sizes line up. Runs of up to {ReportCharts.FewEpochs} epochs also show their training accuracy per step (dotted); validation figures are dashed.</p>
            {SmoothingNote(runs)}
            {Card(charts[0])}
            <div class="columns">{string.Concat(charts.Where(chart => chart.Id is "chart-train-loss" or "chart-eval-loss").Select(Card))}</div>
            {string.Concat(charts.Skip(1).Where(chart => chart.Id is not ("chart-train-loss" or "chart-eval-loss")).Select(Card))}
            </section>
            """;
        return ReportPage.Render(title, string.Join(" · ", runs.Select(run => run.Name)), main, charts,
                                 $"Made by Mnist.Functional {LibraryVersion.Current} with Plotly.NET and plotly.js {PlotlyEmbedding.Version}; this file needs no network.");
    }

    /// <summary>Renders the page and writes it to <paramref name="path"/> atomically, with links relative to its folder.</summary>
    public static void Write(IReadOnlyList<SavedRun> runs, IReadOnlyList<History> histories, string path) =>
        AtomicFile.WriteText(path, Render(runs, histories, Path.GetDirectoryName(Path.GetFullPath(path))));

    private static string Card(ReportChart chart) => $"<div class=\"card\"><h3>{Html.Text(chart.Heading)}</h3>{PlotlyEmbedding.Placeholder(chart)}</div>";

    private static string Table(IReadOnlyList<SavedRun> runs, string? folder)
    {
        string Heading(SavedRun run, int index)
        {
            var swatch = $"<span class=\"swatch\" style=\"background:{RunColours[index % RunColours.Length]}\"></span>";
            if (run.Report is not { } report) return $"<th>{swatch}{Html.Text(run.Name)}</th>";
            var href = folder is null ? new Uri(report).AbsoluteUri : string.Join('/', Path.GetRelativePath(folder, report).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
            return $"<th>{swatch}<a href=\"{Html.Text(href)}\">{Html.Text(run.Name)}</a></th>";
        }

        var html = new StringBuilder("<table class=\"comparison\"><thead><tr><th></th>");
        html.AppendJoin("", runs.Select(Heading)).Append("</tr></thead><tbody>");
        foreach (var row in RunComparison.Rows(runs))
        {
            var differs = row.IsSetting && row.Differs;
            html.Append(differs ? "<tr class=\"differs\">" : "<tr>").Append("<td>").Append(Html.Text(row.Name)).Append("</td>");
            html.AppendJoin("", row.Values.Select(value => $"<td{(differs ? " class=\"differs\"" : "")}>{Html.Text(value)}</td>"));
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>
    /// The overlaid curves, one colour per run, against the epoch: accuracy (test and validation per epoch, training per
    /// step for short runs), smoothed training loss, test and validation loss per epoch when any run measured them, and
    /// the learning rate.
    /// </summary>
    internal static IReadOnlyList<ReportChart> Charts(IReadOnlyList<SavedRun> runs, IReadOnlyList<History> histories)
    {
        GenericChart Overlay(Func<History, SavedRun, Color, string, IEnumerable<GenericChart?>> lines, string yTitle)
        {
            var drawn = runs.SelectMany((run, i) => lines(histories[i], run, Color.fromHex(RunColours[i % RunColours.Length]), run.Name)).OfType<GenericChart>().ToArray();
            return ReportCharts.Themed(drawn.Length == 0 ? Chart.Combine([Chart.Line<double, double, string>([], [], UseDefaults: false)]) : Chart.Combine(drawn), "epoch", yTitle);
        }

        var charts = new List<ReportChart>
        {
            new("chart-test-accuracy", "Accuracy", Overlay(Accuracy, "accuracy (%)")),
            new("chart-train-loss", "Training loss, smoothed", Overlay((history, run, colour, name) =>
                [PerStep(history, history.StepLosses.Select(loss => (double)loss).ToArray(), colour, name, smooth: true), SmoothingFloorLine(history, run, colour, name)], "loss")),
        };
        if (histories.Any(history => history.Epochs.Any(epoch => epoch.TestLoss is not null || epoch.ValidationLoss is not null)))
            charts.Add(new("chart-eval-loss", "Test and validation loss per epoch", Overlay((history, _, colour, name) =>
                [PerEpoch(history, epoch => epoch.TestLoss, colour, name, dashed: false, scale: 1), PerEpoch(history, epoch => epoch.ValidationLoss, colour, $"{name}, validation", dashed: true, scale: 1)], "loss")));
        charts.Add(new("chart-learning-rate", "Learning rate", LogScaleChoice(
            Overlay((history, _, colour, name) => [history.HasStepDetails ? PerStep(history, [.. history.StepLearningRates], colour, name, smooth: false) : null], "learning rate"),
            startLog: PeakRatesDiffer(histories))));
        return charts;
    }

    // Test accuracy per epoch (the final one alone for a run without a history), validation accuracy dashed, and for
    // a run too short for per-epoch points to show a path, its smoothed training accuracy per step, dotted.
    private static IEnumerable<GenericChart?> Accuracy(History history, SavedRun run, Color colour, string name)
    {
        var test = PerEpoch(history, epoch => epoch.TestAccuracy, colour, name, dashed: false, scale: 100);
        if (test is null && run.TestAccuracy is { } final && run.EpochsCompleted > 0)
            test = Chart.Line<double, double, string>([run.EpochsCompleted], [final * 100], Name: name, ShowMarkers: true, LineColor: colour, MarkerColor: colour, UseDefaults: false);
        yield return test;
        yield return PerEpoch(history, epoch => epoch.ValidationAccuracy, colour, $"{name}, validation", dashed: true, scale: 100);
        if (ReportCharts.ShowsSteps(history))
            yield return PerStep(history, history.StepAccuracies.Select(accuracy => accuracy * 100.0).ToArray(), colour, $"{name}, training (smoothed)", smooth: true, dotted: true);
    }

    // One value per epoch at the epoch's end, with markers; null when no epoch has it.
    private static GenericChart? PerEpoch(History history, Func<EpochRecord, double?> value, Color colour, string name, bool dashed, double scale)
    {
        var points = history.Epochs.Where(epoch => value(epoch) is not null).ToArray();
        return points.Length == 0 ? null : Chart.Line<int, double, string>(points.Select(epoch => epoch.Epoch), points.Select(epoch => value(epoch)!.Value * scale), Name: name,
            ShowMarkers: true, LineColor: colour, MarkerColor: colour, LineWidth: 2, LineDash: dashed ? StyleParam.DrawingStyle.Dash : StyleParam.DrawingStyle.Solid, UseDefaults: false);
    }

    // The lowest loss the run's label smoothing allows, dashed across its steps; null for a run without smoothing.
    private static GenericChart? SmoothingFloorLine(History history, SavedRun run, Color colour, string name)
    {
        if (history.StepLosses.Count == 0 || Smoothing(run) is not { } smoothing) return null;
        var floor = ReportCharts.SmoothingFloor(smoothing.Epsilon, smoothing.Classes);
        var epochs = Math.Max(1, history.Epochs.Count);
        return Chart.Line<double, double, string>([0, epochs], [floor, floor], Name: string.Create(CultureInfo.InvariantCulture, $"{name}, lowest possible with label smoothing ({floor:F2})"),
                                                   LineColor: colour, LineDash: StyleParam.DrawingStyle.Dash, LineWidth: 1, UseDefaults: false);
    }

    // The run's label smoothing ε and its dataset's class count, when it smooths and both are known.
    private static (double Epsilon, int Classes)? Smoothing(SavedRun run)
    {
        if (run.Configuration["recipe"]?["label_smoothing"] is not JsonValue value || !value.TryGetValue<double>(out var epsilon) || epsilon <= 0) return null;
        var dataset = DatasetCatalog.All.FirstOrDefault(known => string.Equals(known.Id, run.Dataset, StringComparison.OrdinalIgnoreCase));
        return dataset is null ? null : (epsilon, dataset.ClassNames.Count);
    }

    /// <summary>
    /// A note under the curves when label-smoothed runs are overlaid on runs without (or with another ε): their training
    /// loss has a higher floor, so a higher curve does not mean a worse model. Empty when all runs smooth alike.
    /// </summary>
    internal static string SmoothingNote(IReadOnlyList<SavedRun> runs)
    {
        var smoothings = runs.Select(Smoothing).ToArray();
        if (smoothings.Select(smoothing => smoothing?.Epsilon ?? 0).Distinct().Count() < 2) return "";
        var smoothed = runs.Zip(smoothings).Where(pair => pair.Second is not null).Select(pair => string.Create(CultureInfo.InvariantCulture,
            $"{pair.First.Name} (ε {pair.Second!.Value.Epsilon:G3}, floor {ReportCharts.SmoothingFloor(pair.Second.Value.Epsilon, pair.Second.Value.Classes):F2})"));
        return $"<p class=\"note smoothing\">Not comparable as they stand: {Html.Text(string.Join(", ", smoothed))} train with label smoothing, so their loss cannot fall below the dashed floor and sits above a plain run's even when the model is as good. Compare their accuracy instead.</p>";
    }

    // Whether the runs' highest learning rates differ by more than ten times, so that a linear axis would flatten the lower ones onto zero.
    private static bool PeakRatesDiffer(IReadOnlyList<History> histories)
    {
        var peaks = histories.Where(history => history.HasStepDetails && history.StepLearningRates.Count > 0).Select(history => history.StepLearningRates.Max()).Where(peak => peak > 0).ToArray();
        return peaks.Length > 1 && peaks.Max() > 10 * peaks.Min();
    }

    // Two buttons above the chart that switch its y axis between linear and logarithmic (plotly.js relayout), starting on log when asked.
    private static GenericChart LogScaleChoice(GenericChart chart, bool startLog)
    {
        var buttons = new object[]
        {
            new { label = "linear", method = "relayout", args = new object[] { new Dictionary<string, string> { ["yaxis.type"] = "linear" } } },
            new { label = "log", method = "relayout", args = new object[] { new Dictionary<string, string> { ["yaxis.type"] = "log" } } },
        };
        var menu = new { type = "buttons", direction = "right", showactive = true, active = startLog ? 1 : 0, x = 1, xanchor = "right", y = 1.18, yanchor = "bottom", buttons };
        var withMenu = ReportCharts.WithLayout(chart, ("updatemenus", new[] { menu }));
        return startLog ? withMenu.WithYAxisStyle<double, double, string>(AxisType: StyleParam.AxisType.Log) : withMenu;
    }

    /// <summary>A value per step against the epoch (step i of n steps per epoch at i/n); null when the history has no such values.</summary>
    private static GenericChart? PerStep(History history, double[] values, Color colour, string name, bool smooth, bool dotted = false)
    {
        if (values.Length == 0) return null;
        var stepsPerEpoch = history.Epochs.Count == 0 ? values.Length : (double)Math.Max(1, history.StepLosses.Count / history.Epochs.Count);
        var x = Enumerable.Range(1, values.Length).Select(step => step / stepsPerEpoch);
        var y = smooth ? ReportCharts.Smoothed(values, ReportCharts.SmoothingSpan(values.Length)) : values;
        return Chart.Line<double, double, string>(x, y, Name: name, LineColor: colour, LineWidth: 2, LineDash: dotted ? StyleParam.DrawingStyle.Dot : StyleParam.DrawingStyle.Solid, UseDefaults: false);
    }
}
