using Mnist.Functional.Layers;
using Mnist.Functional.Runs;

namespace Mnist.Functional.Reports;

/// <summary>
/// Writes a run's <c>report.html</c> for <see cref="Run"/> (hand one in <see cref="RunOptions.Report"/>): the page of
/// <see cref="HtmlReport"/>, its settings read from the specification's settings (<see cref="RunSpecJson.Settings"/>), and,
/// while the run goes on, reloading itself.
/// </summary>
public sealed class HtmlRunReport : IRunReportWriter
{
    /// <summary>How often a page of a run that goes on reloads itself, in seconds.</summary>
    public const int ReloadSeconds = 15;

    private string? modelSummary;

    /// <inheritdoc />
    public void Write(RunSnapshot run, string path) => HtmlReport.Write(ReportOf(run), path);

    /// <summary>What the page of <paramref name="run"/> shows.</summary>
    public RunPageContent ReportOf(RunSnapshot run)
    {
        var (spec, files) = (run.Spec, run.Folder);
        modelSummary ??= $"{spec.Model.Description}\n\n{Summary.Of(spec.Network, spec.Shape.Input)}";
        var state = run.State switch
        {
            RunState.Running => $" (running: {run.History.Epochs.Count} of {spec.Recipe.Epochs} epochs)",
            RunState.Interrupted => " (interrupted)",
            RunState.Failed => " (failed)",
            _ => "",
        };
        return new RunPageContent
        {
            Title = $"{spec.Model.Name} on {spec.Dataset.Title}{(spec.Quick ? " (quick run: its figures measure nothing)" : "")}{state}",
            DatasetName = spec.Dataset.Title,
            ModelName = spec.Model.Name,
            ModelSummary = modelSummary,
            Config = [.. RunSpecJson.Settings(spec).Where(setting => setting.Value is not null).Select(setting => KeyValuePair.Create(setting.Label, setting.Text))],
            Engine = run.Engine,
            History = run.History,
            TestPredictions = run.Test,
            TestImages = new DigitImages(run.TestImages, spec.Dataset.Image.Height, spec.Dataset.Image.Width),
            Timings = run.Timings,
            CreatedAt = run.At,
            LabelSmoothing = spec.Recipe.LabelSmoothing,
            Command = run.Command.Length > 0 ? run.Command : null,
            CheckpointPath = files.Checkpoint,
            MetricsPath = File.Exists(files.Metrics) ? files.Metrics : null,
            HistoryPath = files.History,
            ReloadSeconds = run.State == RunState.Running ? ReloadSeconds : null,
            Note = run.State == RunState.Running ? null : run.Reason,
        };
    }
}
