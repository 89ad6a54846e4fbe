using Mnist.Functional.Evaluation;
using Mnist.Functional.Training;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace Mnist.Functional.Reports;

/// <summary>The report's Plotly.NET charts: loss and accuracy per epoch, loss per step, and the confusion matrix.</summary>
internal static class ReportCharts
{
    private const int LineChartHeight = 340;

    /// <summary>Steps averaged by the smoothed per-step loss curve.</summary>
    internal const int SmoothingWindow = 50;

    /// <summary>Every chart of the report, in page order.</summary>
    public static IReadOnlyList<ReportChart> For(RunReport run) =>
    [
        new("chart-loss", "Loss per epoch", LossPerEpoch(run.History)),
        new("chart-accuracy", "Accuracy per epoch", AccuracyPerEpoch(run.History)),
        new("chart-step-loss", "Training loss per step", StepLoss(run.History)),
        new("chart-confusion", "Confusion matrix", Confusion(run.TestPredictions.Confusion())),
    ];

    /// <summary>Mean training loss and end-of-epoch validation and test loss against the epoch.</summary>
    public static GenericChart LossPerEpoch(History history) =>
        PerEpoch(history, "loss", epoch => epoch.TrainLoss, epoch => epoch.ValidationLoss, epoch => epoch.TestLoss, scale: 1);

    /// <summary>Training, validation and test accuracy, in percent, against the epoch.</summary>
    public static GenericChart AccuracyPerEpoch(History history) =>
        PerEpoch(history, "accuracy (%)", epoch => epoch.TrainAccuracy, epoch => epoch.ValidationAccuracy, epoch => epoch.TestAccuracy, scale: 100);

    /// <summary>Every step's training loss, faint, under its centred mean over <see cref="SmoothingWindow"/> steps.</summary>
    public static GenericChart StepLoss(History history)
    {
        var steps = Enumerable.Range(1, history.StepLosses.Count).ToArray();
        var raw = Chart.Line<int, float, string>(steps, history.StepLosses, Name: "each step", LineColor: Color.fromHex(ReportPalette.Train),
                                                  LineWidth: 1, Opacity: 0.3, UseDefaults: false);
        var smooth = Chart.Line<int, float, string>(steps, CentredMean(history.StepLosses, SmoothingWindow), Name: $"mean of {SmoothingWindow} steps",
                                                     LineColor: Color.fromHex(ReportPalette.Train), LineWidth: 2, UseDefaults: false);
        return Themed(Chart.Combine([raw, smooth]), "step", "loss");
    }

    /// <summary>Counts of (actual, predicted) pairs as a heatmap: actual classes on rows from the top, predicted on columns, each cell labelled with its count.</summary>
    public static GenericChart Confusion(ConfusionMatrix confusion)
    {
        var names = confusion.ClassNames.ToArray();
        var heatmap = Chart.Heatmap<long, string, string, string>(
            confusion.ToRows(), X: names, Y: names, Name: "count", XGap: 1, YGap: 1, ReverseYAxis: true, ShowScale: false,
            ColorScale: StyleParam.Colorscale.NewCustom(ReportPalette.HeatScale.Select(stop => Tuple.Create(stop.Stop, Color.fromHex(stop.Color)))),
            UseDefaults: false);
        // Plotly draws texttemplate labels in black or white by the cell's shade, which annotations cannot do.
        var labelled = WithTraceAttributes(heatmap, ("texttemplate", "%{z}"), ("hovertemplate", "actual %{y}, predicted %{x}: %{z}<extra></extra>"));
        var chart = WithLayout(Themed(labelled, "predicted", "actual", height: 120 + (36 * names.Length)),
                               ("margin", new { l = 64, r = 16, t = 72, b = 16 }), ("hovermode", "closest"));
        // Category axes, so that class names such as "0".."9" each get a tick instead of being read as numbers.
        return chart.WithXAxisStyle<double, double, string>(Side: StyleParam.Side.Top, ShowGrid: false, AxisType: StyleParam.AxisType.Category)
                    .WithYAxisStyle<double, double, string>(ShowGrid: false, AxisType: StyleParam.AxisType.Category);
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
        return Themed(Chart.Combine(series.OfType<GenericChart>()), "epoch", yTitle);
    }

    /// <summary>The report's look: its font and colours, a legend above the plot, hover across series, and a chart that follows its container's width.</summary>
    private static GenericChart Themed(GenericChart chart, string xTitle, string yTitle, int height = LineChartHeight)
    {
        var config = new Config();
        config.SetProperty("responsive", true);
        config.SetProperty("displaylogo", false);
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
    private static GenericChart WithLayout(GenericChart chart, params (string Name, object Value)[] attributes)
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

    /// <summary>Each value's mean over the <paramref name="window"/> values centred on it (fewer at the ends), so the curve does not lag the data.</summary>
    internal static float[] CentredMean(IReadOnlyList<float> values, int window)
    {
        var prefix = new double[values.Count + 1];
        for (var i = 0; i < values.Count; i++) prefix[i + 1] = prefix[i] + values[i];
        return Enumerable.Range(0, values.Count).Select(i =>
        {
            var (from, to) = (Math.Max(0, i - (window / 2)), Math.Min(values.Count, i - (window / 2) + window));
            return (float)((prefix[to] - prefix[from]) / (to - from));
        }).ToArray();
    }
}
