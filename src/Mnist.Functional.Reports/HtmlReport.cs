using System.Globalization;
using Mnist.Functional.IO;
using Mnist.Functional.Training;

namespace Mnist.Functional.Reports;

/// <summary>
/// Renders a <see cref="RunPageContent"/> as one self-contained HTML file: plotly.js is inlined once, the
/// digits are PNG data URIs, and nothing is fetched, so the file opens the same offline.
/// </summary>
public static class HtmlReport
{
    /// <summary>The report as an HTML document.</summary>
    /// <param name="run">What to report.</param>
    /// <param name="folder">The folder the page will be saved in: links to the run's files are made relative to it, so the run folder can be moved; <see langword="null"/> to show the paths as given.</param>
    /// <exception cref="ArgumentException">The test images and the test predictions differ in count.</exception>
    public static string Render(RunPageContent run, string? folder = null)
    {
        if (run.TestImages.Count != run.TestPredictions.Count)
            throw new ArgumentException($"The report has {run.TestPredictions.Count} test predictions but {run.TestImages.Count} test images; they must be the same samples in the same order.", nameof(run));

        var charts = ReportCharts.For(run);
        var chart = charts.ToDictionary(c => c.Id);
        string Card(ReportChart c, string after = "") => $"<div class=\"card\"><h3>{Html.Text(c.Heading)}</h3>{PlotlyEmbedding.Placeholder(c)}{after}</div>";

        var predictions = run.TestPredictions;
        var mistakes = predictions.MostConfidentlyWrong(run.MistakeCount);
        var main = $"""
            <section class="headline" aria-label="Results">
            {Headline(run)}
            </section>
            <section id="training">
            <h2>Training</h2>
            {TrainingCharts(run, charts, Card)}
            <div class="card"><h3>Epochs</h3>{EpochTable(run.History)}</div>
            </section>
            <section id="samples">
            <h2>Sample test images</h2>
            <p class="note">The first {Math.Min(run.SampleCount, predictions.Count)} test images with the model's prediction; a red frame marks a wrong one and gives the actual class.</p>
            {DigitTiles.SampleGrid(predictions, run.TestImages, run.SampleCount)}
            </section>
            <section id="classes">
            <h2>Classes</h2>
            <div class="columns">{Card(chart["chart-confusion"], "<p class=\"legend-note\">Rows are the actual class, columns the predicted one; the diagonal holds the correct predictions.</p>")}<div class="card"><h3>Per-class metrics</h3>{PerClassTable(run)}</div></div>
            </section>
            <section id="mistakes">
            <h2>Most confident mistakes</h2>
            {DigitTiles.MistakeGallery(predictions, run.TestImages, mistakes)}
            </section>
            <section id="run">
            <h2>Run</h2>
            {ModelCard(run)}
            <div class="columns three">
            <div class="card"><h3>Configuration</h3>{Html.Facts(run.Config)}{LossNote(run)}</div>
            <div class="card"><h3>Environment</h3>{Html.Facts(EnvironmentFacts(run))}</div>
            <div class="card"><h3>Timings and files</h3>{Html.Facts(Timings(run))}{FileLinks(run, folder)}</div>
            </div>
            {Reproduce(run)}
            </section>
            """;
        return ReportPage.Render(run.Title, $"{run.DatasetName} · model {run.ModelName} · {ReportFormat.Moment(run.CreatedAt)}{(run.Note is { Length: > 0 } note ? $" · {note}" : "")}", main, charts,
                                 $"Made by Mnist.Functional {run.LibraryVersion} with Plotly.NET and plotly.js {PlotlyEmbedding.Version}; this file needs no network.", run.ReloadSeconds);
    }

    /// <summary>Renders the report and writes it to <paramref name="path"/> atomically: a reader sees the old file or the whole new one.</summary>
    public static void Write(RunPageContent run, string path) =>
        AtomicFile.WriteText(path, Render(run, Path.GetDirectoryName(Path.GetFullPath(path))));

    /// <summary>Loss and accuracy side by side, then the other training charts (step loss, learning rate) one per row.</summary>
    private static string TrainingCharts(RunPageContent run, IReadOnlyList<ReportChart> charts, Func<ReportChart, string, string> card)
    {
        var training = charts.Where(c => c.Id != "chart-confusion").ToArray();
        var stepNote = ReportCharts.ShowsSteps(run.History)
            ? $"<p class=\"note\">With {run.History.Epochs.Count} epoch{(run.History.Epochs.Count == 1 ? "" : "s")}, the curves follow every step: the faint line is each batch (in training mode, before its update), the bold one its exponential moving average, and the diamonds the evaluation at each epoch's end.</p>"
            : "";
        string Note(ReportChart c) => c.Id switch
        {
            "chart-learning-rate" => "<p class=\"legend-note\">The learning rate the optimizer's schedule gave each step.</p>",
            "chart-loss" or "chart-step-loss" when run.LabelSmoothing > 0 => $"<p class=\"legend-note\">{Html.Text(SmoothingExplanation(run))}</p>",
            _ => "",
        };
        return stepNote + $"<div class=\"columns\">{string.Concat(training.Take(2).Select(c => card(c, Note(c))))}</div>" +
               string.Concat(training.Skip(2).Select(c => card(c, Note(c))));
    }

    private static string SmoothingExplanation(RunPageContent run)
    {
        var floor = ReportCharts.SmoothingFloor(run.LabelSmoothing, run.TestPredictions.ClassNames.Length);
        return string.Create(CultureInfo.InvariantCulture,
            $"The training loss includes the label-smoothing term (ε = {run.LabelSmoothing:G3}): against targets that give every class a share, it cannot fall below {floor:F2} (dashed), so it reads higher than the test loss, which is plain cross-entropy in evaluation mode.");
    }

    private static string LossNote(RunPageContent run) =>
        run.LabelSmoothing > 0 ? $"<p class=\"legend-note\">{Html.Text(SmoothingExplanation(run))}</p>" : "";

    private static string Headline(RunPageContent run)
    {
        var predictions = run.TestPredictions;
        var wrong = predictions.Errors;
        (string Value, string Label, string Kind)[] metrics =
        [
            (ReportFormat.Percent(predictions.Accuracy), "test accuracy", "test"),
            (ReportFormat.Fixed(predictions.Loss, 4), "test loss", "test"),
            (ReportFormat.Count(wrong), $"wrong of {ReportFormat.Count(predictions.Count)} test images", "test"),
            (ReportFormat.Count(run.History.Epochs.Count), "epochs", ""),
            (ReportFormat.Duration(run.Timings.TrainingSeconds), "training time", ""),
        ];
        return string.Concat(metrics.Select(m =>
            $"<div class=\"metric {m.Kind}\"><div class=\"value\">{Html.Text(m.Value)}</div><div class=\"label\">{Html.Text(m.Label)}</div></div>"));
    }

    private static string EpochTable(History history)
    {
        static string Optional(double? value, Func<double, string> format) => value is { } v ? format(v) : "—";
        var rows = history.Epochs.Select(e => (IReadOnlyList<string>)
        [
            e.Epoch.ToString(CultureInfo.InvariantCulture),
            ReportFormat.Fixed(e.TrainLoss, 4), ReportFormat.Percent(e.TrainAccuracy),
            Optional(e.ValidationLoss, v => ReportFormat.Fixed(v, 4)), Optional(e.ValidationAccuracy, v => ReportFormat.Percent(v)),
            Optional(e.TestLoss, v => ReportFormat.Fixed(v, 4)), Optional(e.TestAccuracy, v => ReportFormat.Percent(v)),
            ReportFormat.Rate(e.LearningRate),
            ReportFormat.Duration(e.Seconds), ReportFormat.Count((long)Math.Round(e.SamplesPerSecond)),
        ]);
        return Html.Table(
            ["epoch", "train loss", "train acc.", "val. loss", "val. acc.", "test loss", "test acc.", "learning rate", "time", "samples/s"],
            rows, "epochs", Enumerable.Range(0, 10).ToHashSet());
    }

    private static string PerClassTable(RunPageContent run)
    {
        var confusion = run.TestPredictions.Confusion();
        var perClass = confusion.PerClass();
        var rows = perClass.Select(m => (IReadOnlyList<string>)
            [m.Name, ReportFormat.Percent(m.Precision), ReportFormat.Percent(m.Recall), ReportFormat.Percent(m.F1), ReportFormat.Count(m.Support)]);
        string[] macroAverage =
        [
            "macro average", ReportFormat.Percent(perClass.Average(m => m.Precision)), ReportFormat.Percent(perClass.Average(m => m.Recall)),
            ReportFormat.Percent(confusion.MacroF1), ReportFormat.Count(confusion.Total),
        ];
        return Html.Table(["class", "precision", "recall", "F1", "support"], rows, "per-class", new HashSet<int> { 1, 2, 3, 4 }, footer: macroAverage);
    }

    private static string ModelCard(RunPageContent run) =>
        $"<div class=\"card\"><h3>Model: {Html.Text(run.ModelName)}</h3>" +
        (run.ModelSummary.Length == 0 ? "" : $"<pre>{Html.Text(run.ModelSummary)}</pre>") + "</div>";

    private static IEnumerable<KeyValuePair<string, string>> EnvironmentFacts(RunPageContent run)
    {
        var engine = run.Engine;
        yield return new("TorchSharp", engine.TorchSharpVersion);
        yield return new("libtorch", $"{engine.LibTorchVersion} ({engine.Backend}{(engine.CudaAvailable ? ", CUDA available" : "")})");
        yield return new("CPU", engine.CpuModel);
        yield return new("capability", engine.CpuCapability);
        yield return new("threads", $"{engine.Threads} intra-op, {engine.InteropThreads} inter-op ({engine.LogicalCores} logical cores)");
        yield return new("plotly.js", PlotlyEmbedding.Version);
    }

    private static IEnumerable<KeyValuePair<string, string>> Timings(RunPageContent run)
    {
        yield return new("training", ReportFormat.Duration(run.Timings.TrainingSeconds));
        yield return new("evaluation", ReportFormat.Duration(run.Timings.EvaluationSeconds));
        yield return new("total", ReportFormat.Duration(run.Timings.TotalSeconds));
        if (run.History.Epochs.Count > 0)
            yield return new("mean throughput", $"{ReportFormat.Count((long)Math.Round(run.History.Epochs.Average(e => e.SamplesPerSecond)))} samples/s");
        yield return new("finished", ReportFormat.Moment(run.CreatedAt));
    }

    /// <summary>Links to the run's files, relative to <paramref name="folder"/> when it is given, so that they still work after the run folder moves.</summary>
    private static string FileLinks(RunPageContent run, string? folder)
    {
        string Link(string path, bool isFolder)
        {
            var target = folder is null || !Path.IsPathRooted(path) ? path : Path.GetRelativePath(folder, path);
            target = target.Replace(Path.DirectorySeparatorChar, '/') + (isFolder && !target.EndsWith('/') ? "/" : "");
            var href = string.Join('/', target.Split('/').Select(Uri.EscapeDataString));
            return $"<a href=\"{Html.Text(href)}\">{Html.Text(target)}</a>";
        }

        var links = new (string Name, string? Path, bool IsFolder)[]
        {
            ("metrics", run.MetricsPath, false), ("history", run.HistoryPath, false), ("checkpoint", run.CheckpointPath, true),
        }.Where(file => file.Path is not null).ToArray();
        return links.Length == 0 ? "" :
            "<table class=\"facts files\"><tbody>" + string.Concat(links.Select(file => $"<tr><td>{Html.Text(file.Name)}</td><td>{Link(file.Path!, file.IsFolder)}</td></tr>")) + "</tbody></table>";
    }

    /// <summary>The command that reproduces the run and the library version that made it.</summary>
    private static string Reproduce(RunPageContent run) =>
        $"<div class=\"card reproduce\"><h3>Reproduce</h3>" +
        (run.Command is { } command ? $"<pre class=\"command\">{Html.Text(command)}</pre>" : "<p class=\"note\">The command line of this run was not recorded.</p>") +
        $"<p class=\"legend-note\">Made by Mnist.Functional {Html.Text(run.LibraryVersion)}. The same command with the same version gives the same numbers on the CPU.</p></div>";
}
