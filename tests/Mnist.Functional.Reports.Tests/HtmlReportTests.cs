using System.Globalization;
using System.Text.RegularExpressions;
using Mnist.Functional.Testing;
using Mnist.Functional.Runs.Tests.Runs;

namespace Mnist.Functional.Reports.Tests;

public sealed partial class HtmlReportTests
{
    private static readonly Lazy<string> SampleHtml = new(() => HtmlReport.Render(SyntheticReport.Report()));

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

        Assert.That(ids, Is.EqualTo(new[] { "chart-loss", "chart-accuracy", "chart-step-loss", "chart-learning-rate", "chart-confusion" }));
        foreach (var id in ids) Assert.That(Regex.Count(html, $"\\[\"{id}\", \\{{\"data\":"), Is.EqualTo(1), $"figure for {id}");
    }

    [Test]
    public void Every_Digit_Image_Is_A_Png_Of_Its_Test_Digit()
    {
        var run = SyntheticReport.Report();
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
        var run = SyntheticReport.Report();
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
        var run = SyntheticReport.Report();
        var expected = run.TestPredictions.MostConfidentlyWrong(run.MistakeCount);
        var shown = DigitFigure().Matches(SampleHtml.Value).Where(m => m.Groups["kind"].Value == "mistake").ToArray();

        Assert.That(shown.Select(Index), Is.EqualTo(expected.Select(mistake => mistake.Index)));
        Assert.That(shown.Select(m => Regex.Count(m.Groups["caption"].Value, "<li")), Is.All.EqualTo(3));
    }

    [Test]
    public void Headline_Tables_And_Environment_Are_Present()
    {
        var html = SampleHtml.Value;
        var run = SyntheticReport.Report();

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
            Assert.That(html, Does.Contain("<td>checkpoint</td><td><a href=\"runs/20261124-201503/checkpoint/\">runs/20261124-201503/checkpoint/</a></td>"));
        });
    }

    [Test]
    public void A_Fine_Tuned_Run_Shows_Its_Accuracy_Before_Fine_Tuning_Beside_The_Final_One()
    {
        var run = SyntheticReport.Report();
        var labels = run.TestPredictions.Labels.ToArray();
        // The model it started from answers 0 for every image: right exactly where the label is 0.
        var probabilities = new float[labels.Length * 10];
        for (var i = 0; i < labels.Length; i++) probabilities[i * 10] = 1;
        var before = new Evaluation.Predictions(probabilities, labels, loss: 2.3, SyntheticRun.Digits);

        var tuned = HtmlReport.Render(run with { InitialTestPredictions = before });

        Assert.Multiple(() =>
        {
            Assert.That(before.Accuracy, Is.Not.EqualTo(run.TestPredictions.Accuracy), "the test tells the two figures apart");
            Assert.That(tuned, Does.Contain($"<div class=\"value\">{ReportFormat.Percent(before.Accuracy)}</div><div class=\"label\">test accuracy before fine-tuning ({before.Errors} wrong)</div>"));
            Assert.That(tuned, Does.Contain($"<div class=\"value\">{ReportFormat.Percent(run.TestPredictions.Accuracy)}</div><div class=\"label\">test accuracy</div>"));
            Assert.That(SampleHtml.Value, Does.Not.Contain("before fine-tuning"), "a run that started afresh has no such figure");
        });
    }

    [Test]
    public void Text_From_The_Run_Is_Escaped_Everywhere()
    {
        // Given a class name, a title and a config value that are markup
        const string Markup = "<script>alert(1)</script>";
        var names = SyntheticRun.Digits.Select((name, i) => i == 3 ? Markup : name).ToArray();
        var run = SyntheticReport.Report(classNames: names) with { Title = $"Run {Markup}", Config = [new("note", Markup), new(Markup, "value")] };

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
        var run = SyntheticReport.Report() with { TestImages = SyntheticReport.Images(10) };

        Assert.That(() => HtmlReport.Render(run), Throws.ArgumentException.With.Message.Contains("200 test predictions but 10 test images"));
    }

    [Test]
    public void Write_Puts_The_Rendered_Report_At_The_Path()
    {
        using var folder = new TempFolder();
        var run = SyntheticReport.Report();

        HtmlReport.Write(run, folder.File("run/report.html"));

        Assert.That(File.ReadAllText(folder.File("run/report.html")), Is.EqualTo(HtmlReport.Render(run)));
        Assert.That(Directory.GetFiles(folder.File("run")), Has.Length.EqualTo(1), "no temporary file left behind");
    }

    [Test]
    public void The_Headline_And_The_Samples_Say_Images_Whatever_The_Dataset_Shows()
    {
        var html = HtmlReport.Render(SyntheticReport.Report(samples: 5));

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("wrong of 5 test images").And.Contain("<h2>Sample test images</h2>"));
            Assert.That(html, Does.Not.Contain("test digit").IgnoreCase, "Fashion-MNIST's clothes are no digits");
        });
    }

    [Test]
    public void A_Run_Without_Mistakes_Says_So_Instead_Of_An_Empty_Gallery()
    {
        var run = SyntheticReport.Report(samples: 5);

        var html = HtmlReport.Render(run);

        Assert.That(html, Does.Contain("The model classified every test image correctly.").And.Not.Contain("<figure class=\"mistake\""));
    }

    [Test]
    public void A_Run_With_No_Training_History_Still_Renders_Its_Epoch_Charts_And_The_Confusion_Matrix()
    {
        var run = SyntheticReport.Report() with { History = Mnist.Functional.Training.History.Empty };

        var html = HtmlReport.Render(run);

        Assert.That(Regex.Matches(html, "<div id=\"(chart-[a-z-]+)\" class=\"chart\"").Select(m => m.Groups[1].Value),
                    Is.EqualTo(new[] { "chart-loss", "chart-accuracy", "chart-confusion" }));
    }

    [Test]
    public void A_One_Epoch_Run_Shows_Loss_And_Accuracy_Per_Step_And_The_Learning_Rate()
    {
        // Given a run of one epoch of 120 steps
        var run = SyntheticReport.Report() with { History = SyntheticRun.History(epochs: 1, stepsPerEpoch: 120) };

        // When it is rendered
        var html = HtmlReport.Render(run);

        // Then its main curves follow the steps, with the evaluation at the epoch's end, and the learning rate has its chart
        var headings = Regex.Matches(html, "<h3>([^<]+)</h3><div id=\"(chart-[a-z-]+)\"").Select(m => (m.Groups[2].Value, m.Groups[1].Value)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(headings, Is.EqualTo(new[]
            {
                ("chart-loss", "Loss per step"), ("chart-accuracy", "Accuracy per step"), ("chart-learning-rate", "Learning rate per step"), ("chart-confusion", "Confusion matrix"),
            }));
            Assert.That(html, Does.Contain("\"name\":\"test, end of epoch\""));
            Assert.That(html, Does.Contain("\"name\":\"train, smoothed (EMA, span 4 steps)\""));
            Assert.That(html, Does.Contain("With 1 epoch, the curves follow every step"));
        });
    }

    [Test]
    public void Label_Smoothing_Is_Explained_Next_To_The_Loss_And_In_The_Configuration()
    {
        var run = SyntheticReport.Report() with { LabelSmoothing = 0.1, Config = [new("label smoothing", "0.1"), new("weight decay", "0.0005")] };

        var html = HtmlReport.Render(run);

        Assert.Multiple(() =>
        {
            Assert.That(Regex.Count(html, "The training loss includes the label-smoothing term \\(ε = 0.1\\): .* cannot fall below 0.50"), Is.EqualTo(2), "under the loss chart and in the configuration card");
            Assert.That(html, Does.Contain("<td>label smoothing</td><td>0.1</td>").And.Contain("<td>weight decay</td><td>0.0005</td>"));
            Assert.That(html, Does.Contain("lowest possible with label smoothing (0.50)"), "the floor on the chart");
            Assert.That(HtmlReport.Render(SyntheticReport.Report()), Does.Not.Contain("label-smoothing term"), "no note without smoothing");
        });
    }

    [Test]
    public void The_Command_That_Reproduces_The_Run_And_The_Library_Version_Are_Shown()
    {
        var run = SyntheticReport.Report() with { Command = "mnist train --model lenet5 --epochs 2 --out 'my runs/a'" };

        var html = HtmlReport.Render(run);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<pre class=\"command\">mnist train --model lenet5 --epochs 2 --out &#39;my runs/a&#39;</pre>"));
            Assert.That(html, Does.Contain($"Made by Mnist.Functional {Mnist.Functional.Runs.LibraryVersion.Current}."));
            Assert.That(Mnist.Functional.Runs.LibraryVersion.Current, Does.Match(@"^\d+\.\d+\.\d+"));
        });
    }

    [Test]
    public void Links_To_The_Run_Files_Are_Relative_To_The_Report_So_The_Folder_Can_Move()
    {
        // Given a run whose files were recorded with absolute paths
        using var folder = new TempFolder();
        var runFolder = folder.File("my run");
        var run = SyntheticReport.Report() with
        {
            CheckpointPath = Path.Combine(runFolder, "checkpoint"), MetricsPath = Path.Combine(runFolder, "metrics.json"), HistoryPath = Path.Combine(runFolder, "history.csv"),
        };

        // When the report is written into that folder
        HtmlReport.Write(run, Path.Combine(runFolder, "report.html"));
        var html = File.ReadAllText(Path.Combine(runFolder, "report.html"));

        // Then the links point next to it, and no absolute path is left
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<a href=\"metrics.json\">metrics.json</a>").And.Contain("<a href=\"history.csv\">history.csv</a>").And.Contain("<a href=\"checkpoint/\">checkpoint/</a>"));
            Assert.That(html, Does.Not.Contain(runFolder));
        });
    }

    [Test]
    public void A_Run_Resumed_From_A_Checkpoint_Without_Step_Rates_Shows_No_Misaligned_Rate_Chart()
    {
        // Given 240 steps of which only the last 120 recorded their rate (the first were saved before rates were kept)
        var recent = SyntheticRun.History(epochs: 1, stepsPerEpoch: 120);
        var history = SyntheticRun.History(epochs: 2, stepsPerEpoch: 120) with { StepAccuracies = recent.StepAccuracies, StepLearningRates = recent.StepLearningRates };

        var html = HtmlReport.Render(SyntheticReport.Report() with { History = history });

        Assert.That(html, Does.Not.Contain("id=\"chart-learning-rate\"").And.Contain("id=\"chart-loss\""));
    }
}
