using System.Text;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Training;

namespace Mnist.Functional.Reports;

/// <summary>
/// The report's charts as HTML fragments, for a page of your own or a notebook cell (.NET Interactive's
/// <c>DisplayAs(html, "text/html")</c>): the same Plotly.NET figures <see cref="HtmlReport"/> draws, each in its own
/// <c>div</c> with a script that draws it once plotly.js is there. Put <see cref="PlotlyScript"/> into the page once,
/// before or after the charts.
/// </summary>
/// <remarks>
/// Plotly.NET 6 needs FSharp.Core 10.1 or later at run time. A .NET Interactive kernel that runs on an older FSharp.Core
/// (1.0.712001 runs on 10.0) cannot load it, and <see cref="Training"/> and <see cref="Confusion"/> then throw
/// <see cref="FileNotFoundException"/> for FSharp.Core 10.1.
/// </remarks>
public static class ChartFragments
{
    /// <summary>
    /// A <c>script</c> element with plotly.js (about 3.6 MB, from the copy inside the Plotly.NET assembly, so no network is
    /// needed) that sets <c>window.Plotly</c> even where the page has an AMD loader (Jupyter's require.js), by hiding
    /// <c>define</c>, <c>exports</c> and <c>module</c> from it.
    /// </summary>
    public static string PlotlyScript() =>
        $"<script>/* plotly.js {PlotlyEmbedding.Version} (MIT licence), from the Plotly.NET package. */\n(function (define, exports, module) {{\n{PlotlyEmbedding.PlotlyJs}\n}})();</script>";

    /// <summary>
    /// How training went, as the report shows it: loss and accuracy per step for a history of up to three epochs (per
    /// epoch, with the step loss below, for longer ones), then the learning rate per step when every step has it.
    /// </summary>
    /// <param name="history">The run's history (<c>Trained.History</c>, <c>RunResult.Trained.History</c>).</param>
    /// <param name="labelSmoothing">The label smoothing ε the run trained with, to draw the lowest loss it allows; 0 for none.</param>
    /// <param name="classes">The number of classes, for that floor.</param>
    /// <exception cref="ArgumentException">The history has no step and no epoch.</exception>
    public static string Training(History history, double labelSmoothing = 0, int classes = 10)
    {
        if (history.StepLosses.Count == 0 && history.Epochs.Count == 0)
            throw new ArgumentException("The history is empty: train at least one step before charting it.", nameof(history));
        return Fragment(ReportCharts.Training(history, ReportCharts.SmoothingFloor(labelSmoothing, classes)));
    }

    /// <summary>
    /// The confusion matrix as the report's heatmap: actual classes on rows, predicted on columns, with buttons for the
    /// counts, each row as a percentage of its actual class, and the errors alone.
    /// </summary>
    public static string Confusion(ConfusionMatrix confusion) =>
        Fragment([new("chart-confusion", "Confusion matrix", ReportCharts.Confusion(confusion))]);

    // Each chart in a div with an id unique on the page (a notebook shows many fragments on one page), with its heading,
    // then a script that draws them when plotly.js has loaded.
    private static string Fragment(IReadOnlyList<ReportChart> charts)
    {
        var prefix = "mnist-" + Guid.NewGuid().ToString("N")[..12] + "-";
        var unique = charts.Select(chart => chart with { Id = prefix + chart.Id }).ToArray();
        var html = new StringBuilder("<div class=\"mnist-charts\" style=\"font: 14px system-ui, sans-serif\">");
        foreach (var chart in unique)
            html.Append($"<h4 style=\"margin: 12px 0 4px\">{Html.Text(chart.Heading)}</h4>").Append(PlotlyEmbedding.Placeholder(chart));
        var draw = PlotlyEmbedding.DrawScript(unique)["<script>\n".Length..^"</script>".Length];
        return html.Append("</div><script>\n(function draw() {\n  if (!window.Plotly) { setTimeout(draw, 50); return; }\n")
                   .Append(draw).Append("\n})();\n</script>").ToString();
    }
}
