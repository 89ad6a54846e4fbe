using System.Globalization;
using System.Text;
using Mnist.Functional.Runs;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Mnist.Functional.Reports;

/// <summary>
/// The robustness report as one HTML page that opens offline: the figures in a table, accuracy against ε for FGSM and
/// PGD (plotly.js inline), and the first test digits clean, under each corruption and under each attack, each with the
/// model's answer and its probability.
/// </summary>
public static class RobustnessPage
{
    private const int Scale = 2;

    /// <summary>The page for <paramref name="report"/>; <paramref name="command"/> is the command line that made it, shown in the footer.</summary>
    public static string Render(RobustnessReport report, string command)
    {
        var main = new StringBuilder();
        main.Append("<section><h2>Summary</h2>")
            .Append(Html.Facts(Facts(report)));
        if (report.CorruptionsLeftOut is { } leftOut)
            main.Append($"<p class=\"note\">Corruptions left out: {Html.Text(leftOut)}. The attacks are defined for images of any size.</p>");
        main.Append("</section>");
        main.Append("<section><h2>Accuracy against ε</h2>")
            .Append("<p class=\"note\">L∞ attacks on pixels in [0, 1], before the model's normalisation, aimed at each digit's true label; the model in evaluation mode.</p>")
            .Append(PlotlyEmbedding.Placeholder(Chart(report)))
            .Append("</section>");
        main.Append("<section><h2>Every measurement</h2>")
            .Append(Html.Table(["measurement", "accuracy", "seconds"], Rows(report), "robustness"))
            .Append("</section>");
        main.Append("<section><h2>Examples</h2>")
            .Append($"<p class=\"note\">The first {RobustnessSettings.ExamplesShown} test digits as the model saw them, with its answer and probability; red where it is wrong.</p>");
        foreach (var score in new[] { report.Clean }.Concat(report.Corruptions).Concat(report.Attacks))
            main.Append(ExampleRow(report, score));
        main.Append("</section>");
        return ReportPage.Render($"How {report.Model} holds up", $"{report.Run}; {report.TestItems:N0} test digits of {report.Dataset}",
            main.ToString(), [Chart(report)], command);
    }

    private static IEnumerable<KeyValuePair<string, string>> Facts(RobustnessReport report)
    {
        string Percent(double value) => ReportFormat.Percent(value, 2);
        var pgdAtMost = report.Attack("pgd").MaxBy(score => score.Epsilon);
        yield return new("clean accuracy", Percent(report.Clean.Accuracy));
        if (report.Corruptions.Count > 0)
            yield return new($"mean over {report.Corruptions.Count} corruptions", Percent(report.MeanCorruptionAccuracy));
        if (pgdAtMost is not null)
            yield return new($"PGD at ε = {pgdAtMost.Epsilon!.Value.ToString("G4", CultureInfo.InvariantCulture)}", Percent(pgdAtMost.Accuracy));
        yield return new("PGD", string.Create(CultureInfo.InvariantCulture, $"{report.Settings.PgdSteps} steps of α = 2.5·ε/{report.Settings.PgdSteps}, random start, {report.Settings.PgdRestarts} restart{(report.Settings.PgdRestarts == 1 ? "" : "s")}, seed {report.Settings.Seed}"));
        yield return new("measured in", string.Create(CultureInfo.InvariantCulture, $"{report.TotalSeconds:F1} s"));
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(RobustnessReport report) =>
        new[] { report.Clean }.Concat(report.Corruptions).Concat(report.Attacks)
            .Select(score => (IReadOnlyList<string>)[score.Name, ReportFormat.Percent(score.Accuracy, 2), score.Seconds.ToString("F1", CultureInfo.InvariantCulture)]);

    private static ReportChart Chart(RobustnessReport report)
    {
        GenericChart Series(string name, string color, IReadOnlyList<RobustnessScore> scores)
        {
            var points = new[] { (Epsilon: 0.0, report.Clean.Accuracy) }.Concat(scores.Select(score => (Epsilon: score.Epsilon!.Value, score.Accuracy))).ToArray();
            return Plotly.NET.CSharp.Chart.Line<double, double, string>(points.Select(point => point.Epsilon), points.Select(point => point.Accuracy * 100),
                Name: name, ShowMarkers: true, LineColor: Color.fromHex(color), MarkerColor: Color.fromHex(color), LineWidth: 2, UseDefaults: false);
        }
        var chart = Plotly.NET.CSharp.Chart.Combine([Series("FGSM", ReportPalette.Train, report.Attack("fgsm")), Series($"PGD-{report.Settings.PgdSteps}", ReportPalette.Test, report.Attack("pgd"))]);
        return new ReportChart("chart-accuracy-epsilon", "Accuracy against ε", ReportCharts.Themed(chart, "ε (L∞, pixels in [0, 1])", "test accuracy (%)")
            .WithYAxisStyle<double, double, string>(MinMax: new Tuple<double, double>(0, 100)));
    }

    private static string ExampleRow(RobustnessReport report, RobustnessScore score)
    {
        var (height, width) = (report.Image.Height, report.Image.Width);
        var html = new StringBuilder($"<h3>{Html.Text(score.Name)} — {ReportFormat.Percent(score.Accuracy, 2)}</h3><div class=\"digit-grid\">");
        foreach (var example in score.Examples)
        {
            var right = example.Predicted == example.Label;
            var bytes = example.Pixels.Select(value => (byte)Math.Clamp(Math.Round(value * 255), 0, 255)).ToArray();
            var (label, predicted) = (report.ClassName(example.Label), report.ClassName(example.Predicted));
            var alt = string.Create(CultureInfo.InvariantCulture, $"{score.Name}: label {label}, predicted {predicted} ({example.Probability:P1})");
            html.Append($"<figure class=\"digit {(right ? "right" : "wrong")}\">")
                .Append($"<img src=\"{GreyPng.ToDataUri(bytes, width, height)}\" width=\"{width * Scale}\" height=\"{height * Scale}\" alt=\"{Html.Text(alt)}\" style=\"image-rendering: pixelated\">")
                .Append($"<figcaption><span class=\"predicted\">{Html.Text(predicted)}</span> {ReportFormat.Percent(example.Probability, 1)}")
                .Append(right ? "" : $"<span class=\"actual\">label {Html.Text(label)}</span>")
                .Append("</figcaption></figure>");
        }
        return html.Append("</div>").ToString();
    }
}
