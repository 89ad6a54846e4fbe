using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;
using Mnist.Functional.Runs;
using Mnist.Functional.Runs.Sweeps;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;
using static System.FormattableString;

namespace Mnist.Functional.Reports;

/// <summary>
/// A sweep on one self-contained page that works offline: every trial in a table sortable by any column, the selection
/// metric against each varied setting, the spread over seeds, and the best trial's curves.
/// </summary>
public static class SweepPage
{
    /// <summary>The page for <paramref name="sweep"/>'s <paramref name="rows"/>; links to trials' reports are relative to <paramref name="folder"/>.</summary>
    public static string Render(Sweep sweep, IReadOnlyList<SweepRow> rows, string folder)
    {
        var onValidation = SweepStatus.SelectsOnValidation(rows);
        var metric = onValidation ? "validation accuracy" : "test accuracy";
        var best = SweepStatus.Best(rows);
        var charts = new List<ReportChart>();
        foreach (var (axis, i) in sweep.Axes.Select((axis, i) => (axis, i)))
            charts.Add(new(Invariant($"chart-setting-{i}"), $"{metric} against {axis.Path}", Against(axis, i, rows, onValidation, metric)));
        if (best is not null && best.History.Epochs.Count > 0)
        {
            charts.Add(new("chart-best-accuracy", $"{best.Trial.Id}: accuracy per epoch", ReportCharts.AccuracyPerEpoch(best.History)));
            charts.Add(new("chart-best-loss", $"{best.Trial.Id}: loss per epoch", ReportCharts.LossPerEpoch(best.History)));
        }
        var done = rows.Count(row => row.State is TrialState.Finished or TrialState.Failed);
        var facts = new List<KeyValuePair<string, string>>
        {
            new("sampling", sweep.Sampling),
            new("trials done", Invariant($"{done} of {rows.Count}")),
            new("chosen by", onValidation ? "validation accuracy (the test split is reported, never chosen by)" : "test accuracy: the trials hold out no validation split"),
        };
        if (best is not null)
            facts.Add(new("best trial", Invariant($"{best.Trial.Id}: {best.Trial.Describe()} — validation {Percent(best.ValidationAccuracy)}, test {Percent(best.TestAccuracy)}")));
        var main = $"""
            <section id="summary"><h2>Summary</h2><div class="card">{Html.Facts(facts)}</div></section>
            <section id="trials"><h2>Trials</h2><p class="note">Click a heading to sort by it.</p><div class="card">{Table(sweep, rows, folder, best)}</div></section>
            {Spread(sweep, rows, onValidation)}
            <section id="settings"><h2>{Html.Text(char.ToUpperInvariant(metric[0]) + metric[1..])} against each setting</h2>{string.Concat(charts.Where(chart => chart.Id.StartsWith("chart-setting", StringComparison.Ordinal)).Select(Card))}</section>
            {(best is not null && charts.Any(chart => chart.Id.StartsWith("chart-best", StringComparison.Ordinal)) ? $"<section id=\"best\"><h2>The best trial's curves</h2><div class=\"columns\">{string.Concat(charts.Where(chart => chart.Id.StartsWith("chart-best", StringComparison.Ordinal)).Select(Card))}</div></section>" : "")}
            <script>{SortScript}</script>
            """;
        return ReportPage.Render($"Sweep {sweep.Name}", Invariant($"{rows.Count} trials, {done} done"), main, charts,
                                 $"Made by Mnist.Functional {LibraryVersion.Current} with Plotly.NET and plotly.js {PlotlyEmbedding.Version}; this file needs no network.");
    }

    /// <summary>Renders the page and writes it to <paramref name="path"/> atomically.</summary>
    public static void Write(Sweep sweep, IReadOnlyList<SweepRow> rows, string path) =>
        AtomicFile.WriteText(path, Render(sweep, rows, Path.GetDirectoryName(Path.GetFullPath(path))!));

    private static string Card(ReportChart chart) => $"<div class=\"card\"><h3>{Html.Text(chart.Heading)}</h3>{PlotlyEmbedding.Placeholder(chart)}</div>";

    private static string Table(Sweep sweep, IReadOnlyList<SweepRow> rows, string folder, SweepRow? best)
    {
        var html = new StringBuilder("<table class=\"sweep sortable\"><thead><tr><th>trial</th>");
        foreach (var (axis, i) in sweep.Axes.Select((axis, i) => (axis, i)))
            html.Append(rows.All(row => Number(row.Trial.Settings[i].Value) is not null) ? "<th class=\"num\">" : "<th>").Append(Html.Text(axis.Path)).Append("</th>");
        html.Append("<th class=\"num\">val. acc.</th><th class=\"num\">test acc.</th><th class=\"num\">training</th><th>state</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append(row == best ? "<tr class=\"differs\">" : "<tr>");
            var name = Html.Text(row.Trial.Id);
            html.Append("<td data-sort=\"").Append(row.Trial.Index).Append("\">")
                .Append(row.Run?.Report is { } report ? $"<a href=\"{Html.Text(string.Join('/', Path.GetRelativePath(folder, report).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)))}\">{name}</a>" : name)
                .Append("</td>");
            foreach (var (_, value) in row.Trial.Settings)
                html.Append(Cell(SweepFile.Show(value), Number(value)));
            html.Append(Cell(Percent(row.ValidationAccuracy), row.ValidationAccuracy))
                .Append(Cell(Percent(row.TestAccuracy), row.TestAccuracy))
                .Append(Cell(row.TrainingSeconds is { } seconds ? ReportFormat.Duration(seconds) : "—", row.TrainingSeconds))
                .Append("<td>").Append(Html.Text(SweepTable.State(row))).Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string Cell(string text, double? sortValue) =>
        sortValue is { } value ? $"<td class=\"num\" data-sort=\"{value.ToString("R", CultureInfo.InvariantCulture)}\">{Html.Text(text)}</td>" : $"<td>{Html.Text(text)}</td>";

    // The spread over seeds: trials alike but for their seed, grouped, with the metric's mean, lowest and highest.
    private static string Spread(Sweep sweep, IReadOnlyList<SweepRow> rows, bool onValidation)
    {
        if (!sweep.Axes.Any(axis => axis.Path == "seed")) return "";
        var groups = rows.Where(row => Metric(row, onValidation) is not null)
            .GroupBy(row => string.Join(" ", row.Trial.Settings.Where(setting => setting.Key != "seed").Select(setting => $"{setting.Key}={SweepFile.Show(setting.Value)}")))
            .Select(group =>
            {
                var values = group.Select(row => Metric(row, onValidation)!.Value).ToArray();
                var mean = values.Average();
                var std = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : double.NaN;
                return (IReadOnlyList<string>)[group.Key.Length == 0 ? "(seeds only)" : group.Key, Invariant($"{values.Length}"), Percent(mean), double.IsNaN(std) ? "—" : Invariant($"{std * 100:F2} pp"), Percent(values.Min()), Percent(values.Max())];
            }).ToArray();
        if (groups.Length == 0) return "";
        return $"<section id=\"seeds\"><h2>Spread over seeds</h2><p class=\"note\">{(onValidation ? "Validation" : "Test")} accuracy of the trials that differ only in their seed; the standard deviation is the sample's (n − 1).</p><div class=\"card\">{Html.Table(["settings", "seeds", "mean", "std. dev.", "lowest", "highest"], groups, "sweep", new HashSet<int> { 1, 2, 3, 4, 5 })}</div></section>";
    }

    private static GenericChart Against(SweepAxis axis, int index, IReadOnlyList<SweepRow> rows, bool onValidation, string metric)
    {
        var points = rows.Where(row => Metric(row, onValidation) is not null).Select(row => (Value: row.Trial.Settings[index].Value, Metric: Metric(row, onValidation)!.Value * 100)).ToArray();
        var numeric = points.Length > 0 && points.All(point => Number(point.Value) is not null);
        var text = points.Select(point => SweepFile.Show(point.Value)).ToArray();
        var chart = numeric
            ? Chart.Point<double, double, string>(points.Select(point => Number(point.Value)!.Value), points.Select(point => point.Metric), Name: metric, MarkerColor: Color.fromHex(ReportPalette.Test), UseDefaults: false)
            : Chart.Point<string, double, string>(text, points.Select(point => point.Metric), Name: metric, MarkerColor: Color.fromHex(ReportPalette.Test), UseDefaults: false);
        var themed = ReportCharts.Themed(chart, axis.Path, $"{metric} (%)");
        var logarithmic = axis.Logarithmic || (numeric && points.Select(point => Number(point.Value)!.Value).Where(v => v > 0).DefaultIfEmpty(1).Max() / points.Select(point => Number(point.Value)!.Value).Where(v => v > 0).DefaultIfEmpty(1).Min() >= 100 && points.All(point => Number(point.Value) > 0));
        return logarithmic ? themed.WithXAxisStyle<double, double, string>(AxisType: StyleParam.AxisType.Log) : themed;
    }

    private static double? Metric(SweepRow row, bool onValidation) => row.State != TrialState.Finished ? null : onValidation ? row.ValidationAccuracy : row.TestAccuracy;

    private static double? Number(JsonNode? value) => value is JsonValue number && number.TryGetValue<double>(out var x) ? x : null;

    private static string Percent(double? fraction) => fraction is { } value ? ReportFormat.Percent(value) : "—";

    // Sorts a table by the column whose heading is clicked (again: the other way), by each cell's data-sort number when it has one.
    private const string SortScript = """
        document.querySelectorAll('table.sortable th').forEach((th, column) => {
          th.style.cursor = 'pointer';
          th.addEventListener('click', () => {
            const body = th.closest('table').tBodies[0];
            const up = th.dataset.order !== 'up';
            th.closest('tr').querySelectorAll('th').forEach(other => delete other.dataset.order);
            th.dataset.order = up ? 'up' : 'down';
            const key = row => { const cell = row.cells[column]; return cell.dataset.sort !== undefined ? parseFloat(cell.dataset.sort) : cell.textContent; };
            const rows = Array.from(body.rows).sort((a, b) => { const x = key(a), y = key(b);
              const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)); return up ? order : -order; });
            rows.forEach(row => body.appendChild(row));
          });
        });
        """;
}
