using System.Diagnostics;
using Mnist.Functional.Evaluation;
using Mnist.Functional.IO;
using Mnist.Functional.Layers;
using Mnist.Functional.Native;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs;

/// <summary>
/// Keeps a run's folder up to date while it trains: after every epoch its <c>history.csv</c> (one line more, as Keras'
/// CSVLogger does) and, with a page writer, its <c>report.html</c> (which reloads itself while the run goes on); and,
/// wherever the run ends (finished, stopped, cancelled or failed), both up to where it got.
/// </summary>
/// <param name="folder">The run's folder.</param>
/// <param name="spec">The specification, its normalisation resolved.</param>
/// <param name="engine">The engine the run uses.</param>
/// <param name="command">The command line that reproduces the run.</param>
/// <param name="page">Writes <c>report.html</c>; <see langword="null"/> for no page.</param>
/// <param name="testImages">The evaluated test images' pixels, for the page's digits; read once, when the page is first written.</param>
internal sealed class RunFolderWriter(RunFolder folder, RunSpec spec, EngineInfo engine, string command, IRunReportWriter? page, Func<byte[]> testImages) : ITrainingObserver
{
    private History history = History.Empty;
    private byte[]? images;

    /// <summary>The latest predictions on the test split, which the page shows; set after each evaluation.</summary>
    public Predictions? LatestTest { get; set; }

    /// <summary>A fine-tuned run's model before its first step, on the same test split; the page shows it beside the latest.</summary>
    public Predictions? InitialTest { get; init; }

    /// <summary>Wall seconds of the run before this session (a resumed run's earlier sessions), so that the page's total covers the whole run.</summary>
    public double EarlierSeconds { get; init; }

    /// <summary>This session's clock, started with it.</summary>
    public Stopwatch Session { get; init; } = Stopwatch.StartNew();

    /// <inheritdoc />
    public Verdict OnEpoch(EpochReport report)
    {
        history = report.State.History;
        // The history's training time covers every session already; the total is the earlier sessions' wall time and this one's so far.
        Write(RunState.Running, "", new RunTimings(history.TrainingSeconds, 0, EarlierSeconds + Session.Elapsed.TotalSeconds));
        return Verdict.Continue;
    }

    /// <summary>
    /// Writes <c>history.csv</c> and the page as the run stands, in <paramref name="state"/>; <paramref name="final"/> is the
    /// run's last history, when it is known, and <paramref name="trained"/> the finished model's variables, for the page to explain.
    /// </summary>
    public void Write(RunState state, string reason, RunTimings timings, History? final = null, Variables? trained = null)
    {
        if (final is not null) history = final;
        AtomicFile.WriteText(folder.History, HistoryCsv.Render(history));
        if (page is not null && LatestTest is { } test)
        {
            images ??= testImages();
            page.Write(new RunSnapshot(spec, state, reason, command, engine, history, test, images, timings, folder) { Trained = trained, InitialTest = InitialTest }, folder.Report);
        }
    }
}
