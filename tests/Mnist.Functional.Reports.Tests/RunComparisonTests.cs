using System.Text.RegularExpressions;
using Mnist.Functional.Runs;
using Mnist.Functional.Runs.Tests.Runs;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Reports.Tests;

public sealed class RunComparisonTests
{
    private static readonly DateTime Monday = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>A default-like run and one with another model, learning rate and epochs; same dataset and seed.</summary>
    internal static (SavedRun[] Runs, Mnist.Functional.Training.History[] Histories) TwoRuns(TempFolder folder)
    {
        var a = SyntheticRunFolder.Write(folder.Path, "fast-1", SyntheticRunFolder.Config(model: "fast", epochs: 1, learningRate: 0.2), SyntheticRun.History(1, 40), evaluated: true, Monday);
        var b = SyntheticRunFolder.Write(folder.Path, "lenet5-2", SyntheticRunFolder.Config(model: "lenet5", epochs: 2), SyntheticRun.History(2, 40), evaluated: true, Monday.AddHours(1));
        var runs = new[] { RunFolders.Read(a), RunFolders.Read(Path.Combine(b, "checkpoint")) };
        return (runs, runs.Select(RunFolders.HistoryOf).ToArray());
    }

    [Test]
    public void Settings_The_Runs_Differ_In_Are_Marked_And_Results_Follow()
    {
        using var folder = new TempFolder();
        var (runs, _) = TwoRuns(folder);

        var rows = RunComparison.Rows(runs).ToDictionary(row => row.Name);
        var text = RunComparison.Text(runs);

        Assert.Multiple(() =>
        {
            Assert.That(rows.Where(pair => pair.Value.IsSetting && pair.Value.Differs).Select(pair => pair.Key),
                        Is.EquivalentTo(new[] { "model", "recipe.learning_rate", "recipe.epochs" }));
            Assert.That(rows["recipe.learning_rate"].Values, Is.EqualTo(new[] { "0.2", "0.001" }));
            Assert.That(rows["test accuracy"].IsSetting, Is.False);
            Assert.That(text, Does.Match(@"(?m)^\* model\s+fast\s+lenet5$"));
            Assert.That(text, Does.Match(@"(?m)^  dataset\s+mnist\s+mnist$"));
            Assert.That(text, Does.Match(@"(?m)^  epochs done\s+1\s+2$"), "results are never marked");
            Assert.That(text, Does.EndWith("* the runs differ in this setting\n"));
            Assert.That(rows.ContainsKey("recipe.label_smoothing"), Is.True, "set to 0 by both: shown");
            Assert.That(RunComparison.ShortVersion("1.0.0+decd9961f8945e1a0b86f92e2c3b3cc02c60b160"), Is.EqualTo("1.0.0+decd996"));
            Assert.That(RunComparison.ShortVersion("1.0.0"), Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    public void The_Page_Highlights_Differences_Links_Reports_And_Overlays_A_Curve_Per_Run()
    {
        using var folder = new TempFolder();
        var (runs, histories) = TwoRuns(folder);

        var html = ComparisonPage.Render(runs, histories, folder.Path);

        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(html, "<tr class=\"differs\"><td>([^<]+)</td>").Select(m => m.Groups[1].Value),
                        Is.EqualTo(new[] { "model", "recipe.learning_rate", "recipe.epochs" }));
            Assert.That(html, Does.Contain("<a href=\"fast-1/report.html\">fast-1</a>").And.Contain("<a href=\"lenet5-2/report.html\">lenet5-2</a>"));
            Assert.That(Regex.Matches(html, "<div id=\"(chart-[a-z-]+)\" class=\"chart\"").Select(m => m.Groups[1].Value),
                        Is.EqualTo(new[] { "chart-test-accuracy", "chart-train-loss", "chart-eval-loss", "chart-learning-rate" }));
            Assert.That(Regex.Count(html, "\"name\":\"fast-1\""), Is.EqualTo(4), "one main line per chart for each run");
            Assert.That(html, Does.Contain("\"name\":\"fast-1, validation\"").And.Contain("\"name\":\"fast-1, training (smoothed)\""), "validation curves, and per-step accuracy for a short run");
            Assert.That(html, Does.Not.Contain("class=\"note smoothing\""), "neither run smooths its labels");
            Assert.That(() => ComparisonPage.Render(runs, histories.Take(1).ToArray()), Throws.ArgumentException);
        });
    }

    [Test]
    public void Label_Smoothed_And_Plain_Runs_Overlaid_Get_A_Note_And_Floors_And_Far_Apart_Rates_Start_On_A_Log_Axis()
    {
        using var folder = new TempFolder();
        var smoothedConfig = SyntheticRunFolder.Config(model: "fast", epochs: 1, learningRate: 0.2);
        smoothedConfig["recipe"]!["label_smoothing"] = 0.1;
        var a = SyntheticRunFolder.Write(folder.Path, "smoothed", smoothedConfig, RatesTimes(SyntheticRun.History(1, 40), 200), evaluated: true, Monday);
        var b = SyntheticRunFolder.Write(folder.Path, "plain", SyntheticRunFolder.Config(model: "lenet5", epochs: 2), SyntheticRun.History(2, 40), evaluated: true, Monday.AddHours(1));
        var runs = new[] { RunFolders.Read(a), RunFolders.Read(b) };
        var histories = runs.Select(RunFolders.HistoryOf).ToArray();
        var (alike, alikeHistories) = TwoRuns(folder);

        var html = ComparisonPage.Render(runs, histories, folder.Path);
        var charts = ComparisonPage.Charts(runs, histories).ToDictionary(chart => chart.Id, chart => Plotly.NET.GenericChart.toJson(chart.Figure));
        var alikeRate = Plotly.NET.GenericChart.toJson(ComparisonPage.Charts(alike, alikeHistories).Single(chart => chart.Id == "chart-learning-rate").Figure);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("class=\"note smoothing\">Not comparable as they stand: smoothed (ε 0.1, floor 0.50) train with label smoothing"));
            Assert.That(charts["chart-train-loss"], Does.Contain("\"name\":\"smoothed, lowest possible with label smoothing (0.50)\"").And.Not.Contain("plain, lowest possible"));
            Assert.That(charts["chart-learning-rate"], Does.Contain("\"type\":\"log\""), "peak rates 0.2 and 0.001: log axis first");
            Assert.That(charts["chart-learning-rate"], Does.Contain("\"label\":\"linear\"").And.Contain("\"label\":\"log\""), "buttons to switch");
            Assert.That(alikeRate, Does.Not.Contain("\"type\":\"log\"").And.Contain("\"label\":\"log\""), "equal peaks: linear first, log offered");
        });
    }

    // The same history with every step's learning rate multiplied by factor.
    private static Mnist.Functional.Training.History RatesTimes(Mnist.Functional.Training.History history, double factor)
    {
        var scaled = Mnist.Functional.Training.History.Empty;
        for (var i = 0; i < history.StepLosses.Count; i++)
            scaled = scaled.WithStep(history.StepLosses[i], history.StepAccuracies[i], history.StepLearningRates[i] * factor);
        return history.Epochs.Aggregate(scaled, (with, epoch) => with.WithEpoch(epoch));
    }
}
