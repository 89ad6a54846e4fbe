using System.Globalization;
using System.Text.RegularExpressions;
using Mnist.Functional.Reports;

namespace Mnist.Functional.Tests.Reports;

public sealed partial class HtmlReportTests
{
    private static readonly Lazy<string> SampleHtml = new(() => HtmlReport.Render(SyntheticRun.Report()));

    // A digit on the page, in the sample grid (kind "digit right" or "digit wrong") or in the mistakes gallery (kind "mistake").
    [GeneratedRegex("""<figure class="(?<kind>digit right|digit wrong|mistake)" data-index="(?<index>\d+)" data-actual="(?<actual>[^"]*)" data-predicted="(?<predicted>[^"]*)"><img src="data:image/png;base64,(?<png>[^"]+)"[^>]*><figcaption>(?<caption>.*?)</figcaption>""")]
    private static partial Regex DigitFigure();

    private static Match[] GridTiles(string html) => DigitFigure().Matches(html).Where(m => m.Groups["kind"].Value.StartsWith("digit", StringComparison.Ordinal)).ToArray();

    private static int Index(Match figure) => int.Parse(figure.Groups["index"].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("""<script\b[^>]*>""")]
    private static partial Regex ScriptTag();

    [Test]
    public void Plotly_Js_Is_Embedded_Exactly_Once_And_Nothing_Is_Linked()
    {
        var html = SampleHtml.Value;
        var libraryOpening = PlotlyEmbedding.PlotlyJs[..400];

        Assert.Multiple(() =>
        {
            Assert.That(html.Split(libraryOpening).Length - 1, Is.EqualTo(1), "plotly.js copies");
            Assert.That(ScriptTag().Matches(html).Select(m => m.Value), Is.EqualTo(new[] { "<script>", "<script>" }), "an inline library and an inline drawing script, neither with src");
            Assert.That(html, Does.Not.Match(@"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[""']?(https?:|//)"), "no tag loads from the network");
            Assert.That(html, Does.Not.Contain("<link"));
        });
    }

    [Test]
    public void Every_Chart_Has_One_Div_And_Is_Drawn_Into_It()
    {
        var html = SampleHtml.Value;
        var ids = Regex.Matches(html, """<div id="(chart-[a-z-]+)" class="chart"[^>]*></div>""").Select(m => m.Groups[1].Value).ToArray();

        Assert.That(ids, Is.EqualTo(new[] { "chart-loss", "chart-accuracy", "chart-step-loss", "chart-confusion" }));
        foreach (var id in ids) Assert.That(Regex.Count(html, $"\\[\"{id}\", \\{{\"data\":"), Is.EqualTo(1), $"figure for {id}");
    }

    [Test]
    public void Every_Digit_Image_Is_A_Png_Of_Its_Test_Digit()
    {
        var run = SyntheticRun.Report();
        var figures = DigitFigure().Matches(SampleHtml.Value);

        Assert.That(figures, Has.Count.EqualTo(run.SampleCount + run.MistakeCount));
        Assert.That(Regex.Count(SampleHtml.Value, "<img "), Is.EqualTo(figures.Count), "no image outside a digit figure");
        Assert.Multiple(() =>
        {
            foreach (Match figure in figures)
            {
                var (width, height, pixels) = PngReader.ReadGrey(Convert.FromBase64String(figure.Groups["png"].Value));
                Assert.That((width, height), Is.EqualTo((28, 28)));
                Assert.That(pixels, Is.EqualTo(run.TestImages[Index(figure)].ToArray()), $"pixels of test digit {Index(figure)}");
            }
        });
    }

    [Test]
    public void Sample_Grid_Shows_The_First_Test_Digits_With_Their_Labels()
    {
        var run = SyntheticRun.Report();
        var tiles = GridTiles(SampleHtml.Value);

        Assert.That(tiles.Select(Index), Is.EqualTo(Enumerable.Range(0, run.SampleCount)));
        Assert.Multiple(() =>
        {
            foreach (var tile in tiles)
            {
                var (actual, predicted) = (run.TestPredictions.Labels[Index(tile)], run.TestPredictions.Predicted[Index(tile)]);
                Assert.That(tile.Groups["actual"].Value, Is.EqualTo(actual.ToString(CultureInfo.InvariantCulture)));
                Assert.That(tile.Groups["predicted"].Value, Is.EqualTo(predicted.ToString(CultureInfo.InvariantCulture)));
                Assert.That(tile.Groups["caption"].Value, Does.StartWith($"<span class=\"predicted\">{predicted}</span>"));
            }
        });
    }

    [Test]
    public void Wrong_Predictions_Are_Marked_And_Show_The_Actual_Class()
    {
        var tiles = GridTiles(SampleHtml.Value);
        var wrong = tiles.Where(tile => SyntheticRun.IsWrong(Index(tile))).ToArray();

        Assert.That(wrong, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var tile in tiles)
            {
                var isWrong = wrong.Contains(tile);
                Assert.That(tile.Groups["kind"].Value, Is.EqualTo(isWrong ? "digit wrong" : "digit right"));
                Assert.That(tile.Groups["caption"].Value.Contains($"<span class=\"actual\">actual {tile.Groups["actual"].Value}</span>", StringComparison.Ordinal), Is.EqualTo(isWrong));
            }
        });
    }

    [Test]
    public void Mistake_Gallery_Shows_The_Surest_Mistakes_With_Their_Top_Three()
    {
        var run = SyntheticRun.Report();
        var expected = run.TestPredictions.MostConfidentlyWrong(run.MistakeCount);
        var shown = DigitFigure().Matches(SampleHtml.Value).Where(m => m.Groups["kind"].Value == "mistake").ToArray();

        Assert.That(shown.Select(Index), Is.EqualTo(expected.Select(mistake => mistake.Index)));
        Assert.That(shown.Select(m => Regex.Count(m.Groups["caption"].Value, "<li")), Is.All.EqualTo(3));
    }

    [Test]
    public void Headline_Tables_And_Environment_Are_Present()
    {
        var html = SampleHtml.Value;
        var run = SyntheticRun.Report();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain($"<div class=\"value\">{(run.TestPredictions.Accuracy * 100).ToString("F2", CultureInfo.InvariantCulture)}%</div><div class=\"label\">test accuracy</div>"));
            Assert.That(html, Does.Contain("<div class=\"value\">0.0731</div><div class=\"label\">test loss</div>"));
            Assert.That(html, Does.Contain("<div class=\"value\">6</div><div class=\"label\">epochs</div>"));
            Assert.That(html, Does.Contain("<div class=\"value\">3 min 11 s</div><div class=\"label\">training time</div>"));
            Assert.That(Regex.Count(html, "<table class=\"per-class\">.*?</table>"), Is.EqualTo(1));
            Assert.That(Regex.Matches(html, "<table class=\"per-class\">.*?</table>").Single().Value, Does.Contain("<td>9</td>").And.Contain("<td>macro average</td>"));
            Assert.That(html, Does.Contain("<td>libtorch</td><td>2.10.0 (cpu)</td>").And.Contain("<td>capability</td><td>AVX2</td>").And.Contain("<td>TorchSharp</td><td>0.107.0</td>"));
            Assert.That(html, Does.Contain("<td>learning rate</td><td>0.001</td>"));
            Assert.That(html, Does.Contain("<td>checkpoint</td><td>runs/20261124-201503/checkpoint</td>"));
        });
    }

    [Test]
    public void Text_From_The_Run_Is_Escaped_Everywhere()
    {
        // Given a class name, a title and a config value that are markup
        const string Markup = "<script>alert(1)</script>";
        var names = SyntheticRun.Digits.Select((name, i) => i == 3 ? Markup : name).ToArray();
        var run = SyntheticRun.Report(classNames: names) with { Title = $"Run {Markup}", Config = [new("note", Markup), new(Markup, "value")] };

        // When the report is rendered
        var html = HtmlReport.Render(run);

        // Then the markup never appears as markup, in the HTML or in the charts' JSON
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script>alert"));
            Assert.That(html, Does.Contain("<title>Run &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
            Assert.That(html, Does.Contain("<td>note</td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
            Assert.That(html, Does.Contain("data-actual=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
            Assert.That(html, Does.Contain("\\u003cscript>alert(1)\\u003c/script>"), "class name in the heatmap's JSON");
        });
    }

    [Test]
    public void Images_And_Predictions_Of_Different_Counts_Are_Refused()
    {
        var run = SyntheticRun.Report() with { TestImages = SyntheticRun.Images(10) };

        Assert.That(() => HtmlReport.Render(run), Throws.ArgumentException.With.Message.Contains("200 test predictions but 10 test images"));
    }

    [Test]
    public void Write_Puts_The_Rendered_Report_At_The_Path()
    {
        using var folder = new TempFolder();
        var run = SyntheticRun.Report();

        HtmlReport.Write(run, folder.File("run/report.html"));

        Assert.That(File.ReadAllText(folder.File("run/report.html")), Is.EqualTo(HtmlReport.Render(run)));
        Assert.That(Directory.GetFiles(folder.File("run")), Has.Length.EqualTo(1), "no temporary file left behind");
    }

    [Test]
    public void A_Run_Without_Mistakes_Says_So_Instead_Of_An_Empty_Gallery()
    {
        var run = SyntheticRun.Report(samples: 5);

        var html = HtmlReport.Render(run);

        Assert.That(html, Does.Contain("The model classified every test digit correctly.").And.Not.Contain("<figure class=\"mistake\""));
    }

    [Test]
    public void A_Run_With_No_Training_History_Still_Renders_Every_Chart()
    {
        var run = SyntheticRun.Report() with { History = Mnist.Functional.Training.History.Empty };

        var html = HtmlReport.Render(run);

        Assert.That(Regex.Count(html, "<div id=\"chart-[a-z-]+\" class=\"chart\""), Is.EqualTo(4));
    }
}
