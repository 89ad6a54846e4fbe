using System.Globalization;
using Mnist.Functional.IO;
using Mnist.Functional.Runs;
using Mnist.Functional.Training;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Mnist.Functional.Reports;

/// <summary>
/// A learning-rate range test (<see cref="LearningRateFinder"/>) as one HTML page that opens offline: each step's loss
/// (faint) and the smoothed loss against the rate on a logarithmic axis, the suggested rate marked, and the sweep's
/// settings and result in words.
/// </summary>
public static class LearningRatePage
{
    /// <summary>The page for <paramref name="sweep"/> of the run <paramref name="described"/> (<see cref="RunSpec.Describe"/>); <paramref name="command"/> is shown in the footer.</summary>
    public static string Render(LearningRateSweep sweep, string described, string command)
    {
        var chart = new ReportChart("chart-lr-find", "Loss against the learning rate", Figure(sweep));
        var suggested = sweep.Suggested;
        var main = $"""
            <section id="sweep">
            <h2>Suggested learning rate: {Html.Text(suggested is { } point ? ReportFormat.Rate(point.Rate) : "none")}</h2>
            <p class="note">{Html.Text(Words(sweep))}</p>
            <div class="card"><h3>{Html.Text(chart.Heading)}</h3>{PlotlyEmbedding.Placeholder(chart)}</div>
            </section>
            """;
        return ReportPage.Render("Learning-rate range test", described, main, [chart],
                                 $"{command} · made by Mnist.Functional {LibraryVersion.Current} with Plotly.NET and plotly.js {PlotlyEmbedding.Version}; this file needs no network.");
    }

    /// <summary>Renders the page and writes it to <paramref name="path"/> atomically.</summary>
    public static void Write(LearningRateSweep sweep, string described, string command, string path) =>
        AtomicFile.WriteText(path, Render(sweep, described, command));

    /// <summary>The sweep in words: its range, why it stopped, the rule of the suggestion.</summary>
    public static string Words(LearningRateSweep sweep) => string.Create(CultureInfo.InvariantCulture,
        $"{sweep.Points.Count} steps from {ReportFormat.Rate(sweep.Range.Start)} towards {ReportFormat.Rate(sweep.Range.End)}, the rate rising exponentially; the loss smoothed by an exponential moving average (β {sweep.Range.Smoothing:G3}, bias-corrected, as fastai's lr_find). {sweep.Stopped} " +
        $"The suggestion is the steepest descent of the smoothed loss (PyTorch Lightning's rule, the first {LearningRateSweep.SkipBegin} steps and the last left out){(sweep.Lowest is { } lowest ? $"; the lowest smoothed loss, {lowest.SmoothedLoss:G4}, is at {ReportFormat.Rate(lowest.Rate)} (fastai's other rule takes a tenth of that rate)" : "")}.");

    private static GenericChart Figure(LearningRateSweep sweep)
    {
        var rates = sweep.Points.Select(point => point.Rate).ToArray();
        List<GenericChart> series =
        [
            Chart.Line<double, double, string>(rates, sweep.Points.Select(point => point.Loss), Name: "loss, each step", LineColor: Color.fromHex(ReportPalette.Train), LineWidth: 1, Opacity: 0.3, UseDefaults: false),
            Chart.Line<double, double, string>(rates, sweep.Points.Select(point => point.SmoothedLoss), Name: "smoothed loss", LineColor: Color.fromHex(ReportPalette.Train), LineWidth: 2, UseDefaults: false),
        ];
        if (sweep.Suggested is { } suggested)
            series.Add(Chart.Point<double, double, string>([suggested.Rate], [suggested.SmoothedLoss], Name: string.Create(CultureInfo.InvariantCulture, $"suggested, {ReportFormat.Rate(suggested.Rate)}"),
                                                            MarkerColor: Color.fromHex(ReportPalette.Test), MarkerSymbol: StyleParam.MarkerSymbol.Diamond, UseDefaults: false));
        var chart = ReportCharts.Themed(Chart.Combine(series), "learning rate (log scale)", "training loss");
        return ReportCharts.WithLayout(chart, ("xaxis", new { type = "log", title = new { text = "learning rate (log scale)" }, gridcolor = ReportPalette.Rule, zeroline = false }));
    }
}
