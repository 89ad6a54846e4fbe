using System.Globalization;
using System.Text.RegularExpressions;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Explain;
using Mnist.Functional.Models;
using Mnist.Functional.Runs;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Reports.Tests;

/// <summary>A finished run's report shows, beside each of its surest mistakes, where the model looked for the predicted and for the true class.</summary>
[Category("RealData")]
public sealed partial class MistakeMapsTests
{
    // An mlp trained on 256 digits for two epochs gets dozens of the first 300 test digits wrong: more than the gallery shows.
    private const int TestItems = 300;

    // An explained mistake: the digit, the map of the predicted class, the map of the actual class, then the caption.
    [GeneratedRegex("""<figure class="mistake" data-index="(?<index>\d+)" data-actual="(?<actual>[^"]*)" data-predicted="(?<predicted>[^"]*)"><div class="views"><div class="view"><img src="data:image/png;base64,(?<digit>[^"]+)"[^>]*><span>the digit</span></div><div class="view"><img class="map" data-class="predicted" src="data:image/png;base64,(?<predictedMap>[^"]+)"[^>]*><span>for \k<predicted></span></div><div class="view"><img class="map" data-class="actual" src="data:image/png;base64,(?<actualMap>[^"]+)"[^>]*><span>for \k<actual></span></div></div><figcaption>""")]
    private static partial Regex ExplainedMistake();

    [GeneratedRegex("""<section id="mistakes">.*?</section>""", RegexOptions.Singleline)]
    private static partial Regex MistakesSection();

    /// <summary>Records what each page write was given, and writes the page as the app does.</summary>
    private sealed class RecordingReport : IRunReportWriter
    {
        private readonly HtmlRunReport page = new();

        public List<(RunState State, bool Explained)> Writes { get; } = [];

        public void Write(RunSnapshot run, string path)
        {
            Writes.Add((run.State, run.Trained is not null));
            page.Write(run, path);
        }
    }

    [Test]
    public async Task Each_Surest_Mistake_Shows_The_Integrated_Gradients_Of_Its_Predicted_And_Its_True_Class_Made_Once_At_The_End()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        using var temp = new TempFolder();
        var spec = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 2 }, Seed: 3)
        {
            TrainItems = 256, TestItems = TestItems, TestEachEpoch = true, Folder = temp.File("run"),
        };
        var pages = new RecordingReport();

        using var result = Run.Execute(spec, mnist, new RunOptions { Report = pages });
        var html = File.ReadAllText(result.Folder!.Report);

        var listed = result.Test!.MostConfidentlyWrong(RunPageContent.DefaultMistakeCount);
        var shown = ExplainedMistake().Matches(html).ToArray();
        using var scope = NewDisposeScope();
        var trained = new TrainedModel(result.Spec, result.State!.Variables);
        var digits = mnist.Test.Images.narrow(0, 0, TestItems);
        var targets = listed.Select(m => m.Predicted).Concat(listed.Select(m => m.Actual)).ToArray();
        var indices = tensor(listed.Select(m => (long)m.Index).ToArray());
        var expected = DigitExplainer.Explain(trained, new IntegratedGradients(), ScoreKind.Logit, cat([digits.index_select(0, indices), digits.index_select(0, indices)]), targets);
        Assert.Multiple(() =>
        {
            Assert.That(pages.Writes, Is.EqualTo(new[] { (RunState.Running, false), (RunState.Running, false), (RunState.Finished, true) }),
                "the pages written after each epoch explain nothing; the finished run's page is explained once");
            Assert.That(listed, Has.Count.EqualTo(16), "the gallery is full");
            Assert.That(shown.Select(m => int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture)), Is.EqualTo(listed.Select(m => m.Index)), "every mistake listed, in order, explained");
            for (var i = 0; i < Math.Min(shown.Length, listed.Count); i++)
            {
                var pixels = digits[listed[i].Index].contiguous().data<byte>().ToArray();
                foreach (var (group, map) in new[] { ("predictedMap", expected[i].Map), ("actualMap", expected[listed.Count + i].Map) })
                {
                    var (width, height, samples) = PngReader.ReadRgb(Convert.FromBase64String(shown[i].Groups[group].Value));
                    var colours = HeatmapColours.Of(28, 28, pixels, map).SelectMany(c => new[] { c.R, c.G, c.B }).ToArray();
                    Assert.That((width, height), Is.EqualTo((28, 28)), $"{group} of test #{listed[i].Index}");
                    Assert.That(samples, Is.EqualTo(colours), $"{group} of test #{listed[i].Index}: the integrated-gradients map of its class, coloured as every map is");
                }
                Assert.That(shown[i].Groups["predictedMap"].Value, Is.Not.EqualTo(shown[i].Groups["actualMap"].Value), $"test #{listed[i].Index}: two classes, two maps");
            }
            var section = MistakesSection().Match(html).Value;
            foreach (var tag in new[] { "div", "figure", "figcaption", "ol", "li", "span", "p" })
                Assert.That(Regex.Count(section, $"<{tag}[ >]"), Is.EqualTo(Regex.Count(section, $"</{tag}>")), $"<{tag}> opened and closed alike in the gallery");
            Assert.That(Regex.Matches(section, "<img [^>]*>").Select(m => m.Value), Has.All.Match("""^<img (class="map" data-class="(predicted|actual)" )?src="data:image/png;base64,[^"]+" width="84" height="84" alt="[^"]+">$"""),
                "every image inline, sized, described");
            Assert.That(Regex.Count(section, "<img "), Is.EqualTo(3 * listed.Count), "the digit and its two maps, for each mistake");
        });
    }
}
