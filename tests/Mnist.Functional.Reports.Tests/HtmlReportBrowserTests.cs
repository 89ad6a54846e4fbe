using System.Globalization;
using System.Text.Json;
using Mnist.Functional.Testing;
using Mnist.Functional.Runs.Tests.Runs;

namespace Mnist.Functional.Reports.Tests;

/// <summary>Opens a generated report in headless Chromium with the network cut off, and checks that it draws.</summary>
public sealed class HtmlReportBrowserTests
{
    private const string Chromium = OfflineBrowser.Chromium;

    /// <summary>CI checks for this file after the tests, so a browser test that skipped itself cannot pass unnoticed.</summary>
    public static string RanMarker => Path.Combine(Path.GetTempPath(), "mnist-functional-browser-test.ran");

    [TestCase(6, "chart-loss", "chart-accuracy", "chart-step-loss", "chart-learning-rate", "chart-confusion")]
    [TestCase(1, "chart-loss", "chart-accuracy", "chart-learning-rate", "chart-confusion")]
    public async Task Report_Renders_Offline_With_Every_Chart_And_Digit_And_No_Errors(int epochs, params string[] chartIds)
    {
        if (!File.Exists(Chromium)) Assert.Ignore("chromium not installed: apt-get install chromium");

        // Given a report on disk of a run of that many epochs, with label smoothing and its command line
        using var folder = new TempFolder();
        var run = SyntheticReport.Report() with
        {
            History = SyntheticRun.History(epochs, stepsPerEpoch: 120), LabelSmoothing = 0.1, Command = "mnist train --model tiny-cnn --epochs " + epochs,
        };
        var path = folder.File("report.html");
        HtmlReport.Write(run, path);

        // When headless Chromium opens it with every request but the file itself aborted
        var chartCount = ReportCharts.For(run).Count;
        await using var browser = await OfflineBrowser.OpenAsync(path, chartCount, RanMarker);
        var (page, consoleErrors, pageErrors, blocked) = (browser.Page, browser.ConsoleErrors, browser.PageErrors, browser.Blocked);

        // Then every chart has drawn, every digit has decoded, and nothing went wrong or reached for the network
        var svgsPerChart = await page.EvaluateAsync<int[]>("[...document.querySelectorAll('div.chart')].map(div => div.querySelectorAll('svg.main-svg').length)");
        var plotCount = await page.EvaluateAsync<int>("document.querySelectorAll('.js-plotly-plot').length");
        var imageWidths = await page.EvaluateAsync<int[]>("[...document.images].map(img => img.complete ? img.naturalWidth : 0)");
        var gridLabels = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('.digit-grid figure .predicted')].map(span => span.textContent)");
        var wrongTiles = await page.EvaluateAsync<JsonElement>(
            "[...document.querySelectorAll('.digit-grid figure.wrong')].map(f => [getComputedStyle(f).borderTopColor, f.querySelector('.actual')?.textContent ?? ''])");
        var drawnIds = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('div.chart')].filter(div => div.querySelector('svg.main-svg .plot path, svg.main-svg .plot image')).map(div => div.id)");
        var learningRatePoints = await page.EvaluateAsync<int>("document.getElementById('chart-learning-rate').data[0].x.length");
        var heatmapCells = await page.EvaluateAsync<int>("document.querySelectorAll('#chart-confusion .heatmaplayer image, #chart-confusion .heatmaplayer text').length");
        await page.Locator("#chart-confusion .updatemenu-button", new() { HasText = "errors only" }).ClickAsync();
        var diagonalAfterErrorsOnly = await page.EvaluateAsync<JsonElement>("(() => { const z = document.getElementById('chart-confusion').data[0].z; return z.map((row, i) => row[i]); })()");

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"report-screenshot-{epochs}-epochs.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        TestContext.AddTestAttachment(screenshot, "The report as headless Chromium draws it, offline");
        File.Copy(path, Path.Combine(TestContext.CurrentContext.WorkDirectory, $"report-sample-{epochs}-epochs.html"), overwrite: true);

        // What the page did by itself, before the probe below adds a request and its console error on purpose.
        var (pageConsoleErrors, pageBlocked) = (consoleErrors.ToArray(), blocked.ToArray());
        // A probe proves the route sees network requests, so that "none blocked" means none were made (192.0.2.1 is a documentation-only address).
        await page.EvaluateAsync("() => fetch('http://192.0.2.1/probe').catch(() => null)");

        var expectedWrong = Enumerable.Range(0, run.SampleCount).Count(SyntheticRun.IsWrong);
        Assert.Multiple(() =>
        {
            Assert.That(plotCount, Is.EqualTo(chartCount), "plots drawn");
            Assert.That(drawnIds, Is.EqualTo(chartIds), "charts with drawn lines, points or cells, in page order");
            Assert.That(learningRatePoints, Is.EqualTo(epochs * 120), "a learning rate for every step");
            Assert.That(svgsPerChart, Has.Length.EqualTo(chartCount).And.All.GreaterThanOrEqualTo(1), "svg.main-svg in each chart div");
            Assert.That(imageWidths, Has.Length.EqualTo(run.SampleCount + run.MistakeCount).And.All.EqualTo(28), "decoded digit images");
            Assert.That(gridLabels, Is.EqualTo(Enumerable.Range(0, run.SampleCount).Select(i => run.TestPredictions.Predicted[i].ToString(CultureInfo.InvariantCulture))));
            Assert.That(wrongTiles.GetArrayLength(), Is.EqualTo(expectedWrong), "tiles marked wrong");
            Assert.That(wrongTiles.EnumerateArray().Select(tile => tile[0].GetString()), Is.All.EqualTo("rgb(220, 38, 38)"), "red frames");
            Assert.That(wrongTiles.EnumerateArray().Select(tile => tile[1].GetString()), Is.All.StartWith("actual "), "actual class shown");
            Assert.That(heatmapCells, Is.GreaterThan(0), "confusion heatmap drawn");
            Assert.That(diagonalAfterErrorsOnly.EnumerateArray().Select(cell => cell.ValueKind), Is.All.EqualTo(JsonValueKind.Null), "errors only blanks the diagonal");
            Assert.That(pageConsoleErrors, Is.Empty, "console errors");
            Assert.That(pageErrors, Is.Empty, "page errors");
            Assert.That(pageBlocked, Is.Empty, "requests that would have needed the network");
            Assert.That(blocked, Is.EqualTo(new[] { "http://192.0.2.1/probe" }), "the probe was caught and aborted");
        });
    }

    [Test]
    public async Task Comparison_Page_Renders_Offline_With_A_Line_Per_Run_In_Each_Chart_And_No_Errors()
    {
        if (!File.Exists(Chromium)) Assert.Ignore("chromium not installed: apt-get install chromium");

        // Given a comparison of two runs on disk
        using var folder = new TempFolder();
        var (runs, histories) = RunComparisonTests.TwoRuns(folder);
        var path = folder.File("compare.html");
        ComparisonPage.Write(runs, histories, path);

        // When headless Chromium opens it offline
        await using var browser = await OfflineBrowser.OpenAsync(path, 4, RanMarker);
        var linesPerChart = await browser.Page.EvaluateAsync<int[]>("[...document.querySelectorAll('div.chart')].map(div => div.querySelectorAll('.scatterlayer .trace').length)");
        var highlighted = await browser.Page.EvaluateAsync<string[]>("[...document.querySelectorAll('tr.differs td:first-child')].map(td => td.textContent)");
        var highlightColour = await browser.Page.EvaluateAsync<string>("getComputedStyle(document.querySelector('td.differs')).backgroundColor");
        var rateAxisBefore = await browser.Page.EvaluateAsync<string>("document.getElementById('chart-learning-rate').layout.yaxis.type ?? 'linear'");
        await browser.Page.Locator("#chart-learning-rate .updatemenu-button", new() { HasText = "log" }).ClickAsync();
        var rateAxisAfter = await browser.Page.EvaluateAsync<string>("document.getElementById('chart-learning-rate').layout.yaxis.type");
        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "compare-screenshot.png");
        await browser.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        TestContext.AddTestAttachment(screenshot, "The comparison page as headless Chromium draws it, offline");

        // Then each chart has a line per run, the differing settings are highlighted, and nothing failed or reached out
        Assert.Multiple(() =>
        {
            Assert.That(linesPerChart, Is.EqualTo(new[] { 6, 2, 4, 2 }), "accuracy: test, validation and per-step training for each run; loss; test and validation loss; learning rate");
            Assert.That(highlighted, Is.EqualTo(new[] { "model", "recipe.learning_rate", "recipe.epochs" }));
            Assert.That(highlightColour, Is.EqualTo("rgb(254, 243, 199)"));
            Assert.That((rateAxisBefore, rateAxisAfter), Is.EqualTo(("linear", "log")), "the log button switches the learning rate's axis");
            Assert.That(browser.ConsoleErrors, Is.Empty, "console errors");
            Assert.That(browser.PageErrors, Is.Empty, "page errors");
            Assert.That(browser.Blocked, Is.Empty, "requests that would have needed the network");
        });
    }
}
