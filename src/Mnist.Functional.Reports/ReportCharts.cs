using System.Globalization;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Training;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Mnist.Functional.Reports;

/// <summary>
/// The report's Plotly.NET charts: how training went (per step when the run has few epochs, per epoch
/// otherwise), the learning rate the schedule gave each step, and the confusion matrix.
/// </summary>
internal static class ReportCharts
{
    private const int LineChartHeight = 340;

    /// <summary>Runs with at most this many epochs show loss and accuracy per step as their main curves: per epoch they would be a few lone points.</summary>
    internal const int FewEpochs = 3;

    /// <summary>Every chart of the report, in page order.</summary>
    public static IReadOnlyList<ReportChart> For(RunPageContent run) =>
    [
        .. Training(run),
        new("chart-confusion", "Confusion matrix", Confusion(run.TestPredictions.Confusion())),
    ];

    /// <summary>
    /// The charts of the Training section: loss and accuracy (per step for runs of up to <see cref="FewEpochs"/>
    /// epochs, per epoch with the step loss below for longer ones), then the learning rate per step when the
    /// history has it.
    /// </summary>
    public static IReadOnlyList<ReportChart> Training(RunPageContent run) =>
        Training(run.History, SmoothingFloor(run.LabelSmoothing, run.TestPredictions.ClassNames.Length));

    /// <summary>The Training section's charts for <paramref name="history"/>, with the label-smoothing <paramref name="floor"/> (NaN for none).</summary>
    public static IReadOnlyList<ReportChart> Training(History history, double floor)
    {
        var charts = new List<ReportChart>();
        if (ShowsSteps(history))
        {
            charts.Add(new("chart-loss", "Loss per step", LossPerStep(history, floor)));
            charts.Add(new("chart-accuracy", "Accuracy per step", AccuracyPerStep(history)));
        }
        else
        {
            charts.Add(new("chart-loss", "Loss per epoch", LossPerEpoch(history)));
            charts.Add(new("chart-accuracy", "Accuracy per epoch", AccuracyPerEpoch(history)));
            if (history.StepLosses.Count > 0) charts.Add(new("chart-step-loss", "Training loss per step", StepLoss(history, floor)));
        }
        // Only when every step has its rate: a run resumed from a checkpoint that predates them has rates for its later steps alone.
        if (history.StepLearningRates.Count > 0 && history.HasStepDetails) charts.Add(new("chart-learning-rate", "Learning rate per step", LearningRate(history)));
        return charts;
    }

    /// <summary>Whether the main curves are per step: few epochs, and every step's accuracy recorded.</summary>
    public static bool ShowsSteps(History history) =>
        history.Epochs.Count <= FewEpochs && history.StepLosses.Count > 0 && history.HasStepDetails;

    /// <summary>Mean training loss and end-of-epoch validation and test loss against the epoch.</summary>
    public static GenericChart LossPerEpoch(History history) =>
        PerEpoch(history, "loss", epoch => epoch.TrainLoss, epoch => epoch.ValidationLoss, epoch => epoch.TestLoss, scale: 1);

    /// <summary>Training, validation and test accuracy, in percent, against the epoch.</summary>
    public static GenericChart AccuracyPerEpoch(History history) =>
        PerEpoch(history, "accuracy (%)", epoch => epoch.TrainAccuracy, epoch => epoch.ValidationAccuracy, epoch => epoch.TestAccuracy, scale: 100);

    /// <summary>
    /// Every step's training loss, faint, under its <see cref="Smoothed"/> curve, and the lowest loss label
    /// smoothing allows as a dashed line when it is used (<paramref name="floor"/> is not NaN).
    /// </summary>
    public static GenericChart StepLoss(History history, double floor = double.NaN) =>
        Themed(Chart.Combine(StepSeries(history.StepLosses.Select(loss => (double)loss).ToArray(), ReportPalette.Train, "train")
                             .Concat(Floor(history.StepLosses.Count, floor))), "step", "loss");

    /// <summary>The training loss of every step with its smoothed curve, the floor of label smoothing, and the validation and test loss at each epoch's end.</summary>
    public static GenericChart LossPerStep(History history, double floor = double.NaN) =>
        Themed(Chart.Combine(StepSeries(history.StepLosses.Select(loss => (double)loss).ToArray(), ReportPalette.Train, "train")
                             .Concat(Floor(history.StepLosses.Count, floor))
                             .Concat(EpochEnds(history, epoch => epoch.ValidationLoss, epoch => epoch.TestLoss, scale: 1))), "step", "loss");

    /// <summary>The accuracy of every step's batch (before its update, in training mode) with its smoothed curve, and validation and test accuracy at each epoch's end, in percent.</summary>
    public static GenericChart AccuracyPerStep(History history) =>
        Themed(Chart.Combine(StepSeries(history.StepAccuracies.Select(accuracy => accuracy * 100.0).ToArray(), ReportPalette.Train, "train")
                             .Concat(EpochEnds(history, epoch => epoch.ValidationAccuracy, epoch => epoch.TestAccuracy, scale: 100))), "step", "accuracy (%)");

    /// <summary>The learning rate η each step used, as the optimizer's schedule gave it.</summary>
    public static GenericChart LearningRate(History history)
    {
        var steps = Enumerable.Range(1, history.StepLearningRates.Count);
        var line = Chart.Line<int, double, string>(steps, history.StepLearningRates, Name: "learning rate", LineColor: Color.fromHex(ReportPalette.Ink),
                                                   LineWidth: 2, UseDefaults: false);
        // A wider left margin: tick labels such as 0.0002 are longer than a loss's.
        return WithLayout(Themed(line, "step", "learning rate", height: 260), ("showlegend", false), ("margin", new { l = 84, r = 16, t = 24, b = 48 }));
    }

    /// <summary>
    /// The lowest cross-entropy a model can reach against targets smoothed by <paramref name="smoothing"/> over
    /// <paramref name="classes"/> classes: the entropy of the smoothed target, <c>−(1−ε+ε/K)·ln(1−ε+ε/K) − (K−1)·(ε/K)·ln(ε/K)</c>;
    /// NaN without smoothing (the floor is then 0).
    /// </summary>
    public static double SmoothingFloor(double smoothing, int classes)
    {
        if (smoothing <= 0 || classes < 2) return double.NaN;
        var (target, other) = (1 - smoothing + (smoothing / classes), smoothing / classes);
        return -(target * Math.Log(target)) - ((classes - 1) * other * Math.Log(other));
    }

    /// <summary>
    /// The span of the exponential moving average drawn over <paramref name="steps"/> steps: about a
    /// thirtieth of the run, from 1 to 50 steps.
    /// </summary>
    internal static int SmoothingSpan(int steps) => Math.Clamp(steps / 30, 1, 50);

    /// <summary>
    /// The exponential moving average of <paramref name="values"/> with weight <c>w = 1 − 2/(span + 1)</c>, debiased as
    /// TensorBoard does: <c>m ← w·m + (1 − w)·x</c>, drawn as <c>m / (1 − wⁱ)</c> after <c>i</c> values. It trails the
    /// data (each point uses only the values up to it) and starts at the first value itself.
    /// </summary>
    internal static double[] Smoothed(IReadOnlyList<double> values, int span)
    {
        var weight = 1 - (2.0 / (span + 1));
        var (moving, correction) = (0.0, 1.0);
        var smoothed = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            moving = (weight * moving) + ((1 - weight) * values[i]);
            correction *= weight;
            smoothed[i] = moving / (1 - correction);
        }
        return smoothed;
    }

    private static IEnumerable<GenericChart> StepSeries(double[] values, string color, string name)
    {
        var steps = Enumerable.Range(1, values.Length).ToArray();
        var span = SmoothingSpan(values.Length);
        yield return Chart.Line<int, double, string>(steps, values, Name: $"{name}, each step", LineColor: Color.fromHex(color),
                                                      LineWidth: 1, Opacity: 0.3, UseDefaults: false);
        if (span > 1)
            yield return Chart.Line<int, double, string>(steps, Smoothed(values, span), Name: $"{name}, smoothed (EMA, span {span} steps)",
                                                          LineColor: Color.fromHex(color), LineWidth: 2, UseDefaults: false);
    }

    private static IEnumerable<GenericChart> Floor(int steps, double floor)
    {
        if (double.IsNaN(floor) || steps == 0) yield break;
        yield return Chart.Line<int, double, string>([1, steps], [floor, floor], Name: string.Create(CultureInfo.InvariantCulture, $"lowest possible with label smoothing ({floor:F2})"),
                                                      LineColor: Color.fromHex(ReportPalette.Muted), LineDash: StyleParam.DrawingStyle.Dash, LineWidth: 1, UseDefaults: false);
    }

    /// <summary>Validation and test figures as points at the step that ended each epoch; none when the steps do not divide evenly into epochs.</summary>
    private static IEnumerable<GenericChart> EpochEnds(History history, Func<EpochRecord, double?> validation, Func<EpochRecord, double?> test, double scale)
    {
        if (history.Epochs.Count == 0 || history.StepLosses.Count % history.Epochs.Count != 0) yield break;
        var stepsPerEpoch = history.StepLosses.Count / history.Epochs.Count;
        foreach (var (name, color, value) in new[] { ("validation", ReportPalette.Validation, validation), ("test", ReportPalette.Test, test) })
        {
            var points = history.Epochs.Where(epoch => value(epoch) is not null).ToArray();
            if (points.Length == 0) continue;
            yield return Chart.Point<int, double, string>(points.Select(epoch => epoch.Epoch * stepsPerEpoch), points.Select(epoch => value(epoch)!.Value * scale),
                                                          Name: $"{name}, end of epoch", MarkerColor: Color.fromHex(color), MarkerSymbol: StyleParam.MarkerSymbol.Diamond,
                                                          UseDefaults: false);
        }
    }

    /// <summary>
    /// Counts of (actual, predicted) pairs as a heatmap: actual classes on rows from the top, predicted on columns, each
    /// cell labelled with its value. Three buttons switch the view (plotly.js <c>restyle</c>): the counts; each row as a
    /// percentage of its actual class (the diagonal is then each class's recall); and the errors alone, with the diagonal
    /// blanked so that the colour scale spans the mistakes instead of being swamped by the correct answers.
    /// </summary>
    public static GenericChart Confusion(ConfusionMatrix confusion)
    {
        var names = confusion.ClassNames.ToArray();
        var counts = confusion.ToRows();
        var heatmap = Chart.Heatmap<long, string, string, string>(
            counts, X: names, Y: names, Name: "count", XGap: 1, YGap: 1, ReverseYAxis: true, ShowScale: false,
            ColorScale: StyleParam.Colorscale.NewCustom(ReportPalette.HeatScale.Select(stop => Tuple.Create(stop.Stop, Color.fromHex(stop.Color)))),
            UseDefaults: false);
        // Plotly draws texttemplate labels in black or white by the cell's shade, which annotations cannot do.
        var labelled = WithTraceAttributes(heatmap, ("texttemplate", CountLabel), ("hovertemplate", "actual %{y}, predicted %{x}: %{z}<extra></extra>"));
        // Margins that fit the longest class name (such as "Ankle boot") beside the rows and, turned upright, above the columns.
        var longest = names.Max(name => name.Length);
        var (left, top) = (Math.Max(64, 36 + (8 * longest)), 96 + (longest > 3 ? 7 * longest : 0));
        var chart = WithLayout(Themed(labelled, "predicted", "actual", height: top + 48 + (36 * names.Length)),
                               ("margin", new { l = left, r = 16, t = top, b = 16 }), ("hovermode", "closest"),
                               ("updatemenus", new[] { ConfusionViews(counts, aboveTicks: 1 + ((top - 34.0) / ((36 * names.Length) + 32))) }));
        // Category axes, so that class names such as "0".."9" each get a tick instead of being read as numbers.
        return chart.WithXAxisStyle<double, double, string>(Side: StyleParam.Side.Top, ShowGrid: false, AxisType: StyleParam.AxisType.Category)
                    .WithYAxisStyle<double, double, string>(ShowGrid: false, AxisType: StyleParam.AxisType.Category);
    }

    private const string CountLabel = "%{z}";

    /// <summary>The confusion matrix's views as plotly.js buttons, at <paramref name="aboveTicks"/> (paper units, above the column names): counts, percent of each actual class, errors only.</summary>
    internal static object ConfusionViews(long[][] counts, double aboveTicks)
    {
        var percent = counts.Select(row => { var total = row.Sum(); return row.Select(count => total == 0 ? (double?)null : Math.Round(100.0 * count / total, 2)).ToArray(); }).ToArray();
        var errors = counts.Select((row, actual) => row.Select((count, predicted) => actual == predicted ? (long?)null : count).ToArray()).ToArray();
        object View(string label, object z, string text, string hover) => new
        {
            label, method = "restyle",
            args = new object[] { new Dictionary<string, object> { ["z"] = new[] { z }, ["texttemplate"] = text, ["hovertemplate"] = hover } },
        };
        var buttons = new[]
        {
            View("counts", counts, CountLabel, "actual %{y}, predicted %{x}: %{z}<extra></extra>"),
            View("% of actual class", percent, "%{z:.1f}", "actual %{y}, predicted %{x}: %{z:.2f}% of the actual class<extra></extra>"),
            View("errors only", errors, CountLabel, "actual %{y}, predicted %{x}: %{z} wrong<extra></extra>"),
        };
        return new { type = "buttons", direction = "right", showactive = true, active = 0, x = 0, xanchor = "left", y = aboveTicks, yanchor = "bottom", buttons };
    }

    private static GenericChart PerEpoch(History history, string yTitle, Func<EpochRecord, double> train,
                                         Func<EpochRecord, double?> validation, Func<EpochRecord, double?> test, double scale)
    {
        // Training is measured every epoch; validation and test only get a line when they were measured at all.
        GenericChart? Series(string name, string color, Func<EpochRecord, double?> value, bool evenIfEmpty = false)
        {
            var points = history.Epochs.Where(epoch => value(epoch) is not null).ToArray();
            return points.Length == 0 && !evenIfEmpty ? null : Chart.Line<int, double, string>(
                points.Select(epoch => epoch.Epoch), points.Select(epoch => value(epoch)!.Value * scale),
                Name: name, ShowMarkers: true, LineColor: Color.fromHex(color), MarkerColor: Color.fromHex(color), LineWidth: 2, UseDefaults: false);
        }

        var series = new[]
        {
            Series("train", ReportPalette.Train, epoch => train(epoch), evenIfEmpty: true),
            Series("validation", ReportPalette.Validation, validation),
            Series("test", ReportPalette.Test, test),
        };
        // Category axis: a tick at each epoch's number rather than at 0.5, 1.5…
        return Themed(Chart.Combine(series.OfType<GenericChart>()), "epoch", yTitle)
            .WithXAxisStyle<double, double, string>(AxisType: StyleParam.AxisType.Category);
    }

    /// <summary>The report's look: its font and colours, a legend above the plot, hover across series, and a chart that follows its container's width.</summary>
    internal static GenericChart Themed(GenericChart chart, string xTitle, string yTitle, int height = LineChartHeight)
    {
        var config = new Config();
        config.SetProperty("responsive", true);
        config.SetProperty("displaylogo", false);
        // No mode bar: it covered the legends and titles. Drag still zooms, and a double click zooms back out.
        config.SetProperty("displayModeBar", false);
        var themed = WithLayout(chart,
            ("height", height),
            ("margin", new { l = 56, r = 16, t = 40, b = 48 }),
            ("font", new { family = ReportPalette.FontStack, size = 13, color = ReportPalette.Ink }),
            ("paper_bgcolor", "rgba(0,0,0,0)"),
            ("plot_bgcolor", "#ffffff"),
            ("legend", new { orientation = "h", x = 0, y = 1.02, yanchor = "bottom" }),
            ("hovermode", "x unified"));
        return GenericChart.setConfig(config, themed)
                           .WithXAxisStyle<double, double, string>(TitleText: xTitle, GridColor: Color.fromHex(ReportPalette.Rule), ZeroLine: false)
                           .WithYAxisStyle<double, double, string>(TitleText: yTitle, GridColor: Color.fromHex(ReportPalette.Rule), ZeroLine: false);
    }

    /// <summary>Sets plotly.js layout attributes by name, for those Plotly.NET.CSharp has no parameter for; later calls win.</summary>
    internal static GenericChart WithLayout(GenericChart chart, params (string Name, object Value)[] attributes)
    {
        var layout = new Layout();
        foreach (var (name, value) in attributes) layout.SetProperty(name, value);
        return GenericChart.addLayout(layout, chart);
    }

    /// <summary>Sets plotly.js trace attributes by name on every trace, for those Plotly.NET.CSharp has no parameter for.</summary>
    private static GenericChart WithTraceAttributes(GenericChart chart, params (string Name, object Value)[] attributes) =>
        GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(trace =>
        {
            // A Plotly.NET trace is a dynamic object that is set in place; this one was made by the caller a line earlier and is not shared.
            foreach (var (name, value) in attributes) trace.SetProperty(name, value);
            return trace;
        }), chart);
}
