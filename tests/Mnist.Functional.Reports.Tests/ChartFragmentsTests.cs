using System.Text.RegularExpressions;
using Mnist.Functional.Runs.Tests.Runs;
using Mnist.Functional.Training;

namespace Mnist.Functional.Reports.Tests;

public sealed class ChartFragmentsTests
{
    [TestCase(1, new[] { "chart-loss", "chart-accuracy", "chart-learning-rate" }, TestName = "A short run's fragment has the report's per-step charts")]
    [TestCase(6, new[] { "chart-loss", "chart-accuracy", "chart-step-loss", "chart-learning-rate" }, TestName = "A long run's fragment has the report's per-epoch charts")]
    public void Training_Fragment_Has_The_Reports_Charts_Each_Drawn_Into_Its_Own_Div(int epochs, string[] charts)
    {
        var history = SyntheticRun.History(epochs, stepsPerEpoch: 40);

        var html = ChartFragments.Training(history, labelSmoothing: 0.1);

        var divs = Regex.Matches(html, "<div id=\"mnist-[0-9a-f]{12}-(chart-[a-z-]+)\" class=\"chart\"").Select(m => m.Groups[1].Value);
        Assert.Multiple(() =>
        {
            Assert.That(divs, Is.EqualTo(charts));
            Assert.That(Regex.Count(html, "Plotly\\.newPlot\\("), Is.EqualTo(1), "one loop draws them all");
            Assert.That(html, Does.Contain("if (!window.Plotly) { setTimeout(draw, 50); return; }"), "waits for plotly.js");
            Assert.That(html, Does.Contain("lowest possible with label smoothing (0.50)"));
        });
    }

    [Test]
    public void Two_Fragments_On_One_Page_Have_Different_Ids()
    {
        var confusion = Mnist.Functional.Evaluation.ConfusionMatrix.FromPairs([0, 1, 1], [0, 1, 0], ["0", "1"]);

        var ids = new[] { ChartFragments.Confusion(confusion), ChartFragments.Confusion(confusion) }
            .Select(html => Regex.Match(html, "<div id=\"([^\"]+)\"").Groups[1].Value).ToArray();

        Assert.That(ids.Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public void An_Empty_History_Is_Refused_And_Plotly_Loads_Past_An_Amd_Loader()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => ChartFragments.Training(History.Empty), Throws.ArgumentException.With.Message.Contains("The history is empty"));
            Assert.That(ChartFragments.PlotlyScript(), Does.StartWith("<script>").And.Contain("(function (define, exports, module) {").And.EndWith("})();</script>"));
        });
    }
}
