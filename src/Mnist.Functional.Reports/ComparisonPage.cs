using System.Text;
using Mnist.Functional.IO;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Mnist.Functional.Reports;

/// <summary>
/// Several runs on one self-contained HTML page that works offline: their curves overlaid (test accuracy per epoch,
/// smoothed training loss and learning rate against the epoch) and their settings and results side by side, with the
/// settings in which they differ highlighted.
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
    public static string Render(IReadOnlyList<RunSummary> runs, IReadOnlyList<History> histories, string? folder = null)
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
            <p class="note">Training loss is smoothed by an exponential moving average that starts at each run's first step; the x axis counts epochs, so runs with different batch sizes line up.</p>
            <div class="columns">{string.Concat(charts.Take(2).Select(Card))}</div>
            {string.Concat(charts.Skip(2).Select(Card))}
            </section>
            """;
        return ReportPage.Render(title, string.Join(" · ", runs.Select(run => run.Name)), main, charts,
                                 $"Made by Mnist.Functional {LibraryVersion.Current} with Plotly.NET and plotly.js {PlotlyEmbedding.Version}; this file needs no network.");
    }

    /// <summary>Renders the page and writes it to <paramref name="path"/> atomically, with links relative to its folder.</summary>
    public static void Write(IReadOnlyList<RunSummary> runs, IReadOnlyList<History> histories, string path) =>
        AtomicFile.WriteText(path, Render(runs, histories, Path.GetDirectoryName(Path.GetFullPath(path))));

    private static string Card(ReportChart chart) => $"<div class=\"card\"><h3>{Html.Text(chart.Heading)}</h3>{PlotlyEmbedding.Placeholder(chart)}</div>";

    private static string Table(IReadOnlyList<RunSummary> runs, string? folder)
    {
        string Heading(RunSummary run, int index)
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

    /// <summary>Test accuracy per epoch, smoothed training loss and the learning rate, one line per run, against the epoch.</summary>
    internal static IReadOnlyList<ReportChart> Charts(IReadOnlyList<RunSummary> runs, IReadOnlyList<History> histories)
    {
        GenericChart Overlay(Func<History, RunSummary, Color, string, GenericChart?> line, string yTitle)
        {
            var lines = runs.Select((run, i) => line(histories[i], run, Color.fromHex(RunColours[i % RunColours.Length]), run.Name)).OfType<GenericChart>().ToArray();
            return ReportCharts.Themed(lines.Length == 0 ? Chart.Combine([Chart.Line<double, double, string>([], [], UseDefaults: false)]) : Chart.Combine(lines), "epoch", yTitle);
        }

        return
        [
            // Category axis: a tick at each epoch's number rather than at 1.2, 1.4…
            new("chart-test-accuracy", "Test accuracy per epoch", Overlay(TestAccuracy, "test accuracy (%)").WithXAxisStyle<double, double, string>(AxisType: StyleParam.AxisType.Category)),
            new("chart-train-loss", "Training loss, smoothed", Overlay((history, _, colour, name) => PerStep(history, history.StepLosses.Select(loss => (double)loss).ToArray(), colour, name, smooth: true), "loss")),
            new("chart-learning-rate", "Learning rate", Overlay((history, _, colour, name) => history.HasStepDetails ? PerStep(history, [.. history.StepLearningRates], colour, name, smooth: false) : null, "learning rate")),
        ];
    }

    private static GenericChart? TestAccuracy(History history, RunSummary run, Color colour, string name)
    {
        var points = history.Epochs.Where(epoch => epoch.TestAccuracy is not null).Select(epoch => (epoch.Epoch, epoch.TestAccuracy!.Value)).ToList();
        if (points.Count == 0 && run.TestAccuracy is { } final && run.EpochsCompleted > 0) points.Add((run.EpochsCompleted, final));
        return points.Count == 0 ? null : Chart.Line<int, double, string>(points.Select(p => p.Item1), points.Select(p => p.Item2 * 100), Name: name, ShowMarkers: true,
                                                                               LineColor: colour, MarkerColor: colour, LineWidth: 2, UseDefaults: false);
    }

    /// <summary>A value per step against the epoch (step i of n steps per epoch at i/n); null when the history has no such values.</summary>
    private static GenericChart? PerStep(History history, double[] values, Color colour, string name, bool smooth)
    {
        if (values.Length == 0) return null;
        var stepsPerEpoch = history.Epochs.Count == 0 ? values.Length : (double)Math.Max(1, history.StepLosses.Count / history.Epochs.Count);
        var x = Enumerable.Range(1, values.Length).Select(step => step / stepsPerEpoch);
        var y = smooth ? ReportCharts.Smoothed(values, ReportCharts.SmoothingSpan(values.Length)) : values;
        return Chart.Line<double, double, string>(x, y, Name: name, LineColor: colour, LineWidth: 2, UseDefaults: false);
    }
}
