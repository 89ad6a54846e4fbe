using System.Globalization;
using Mnist.Functional.Datasets;
using Mnist.Functional.Training;
using Mnist.Functional.Training.Observers;

namespace Mnist.Functional.Runs;

/// <summary>
/// The step every experiment script repeats, as a composition of <see cref="Run"/>: run a specification at an
/// experiment's scale, with one line per epoch in a log, and keep the figures, not the tensors.
/// </summary>
public static class Experiment
{
    /// <summary>
    /// Runs <paramref name="spec"/> on <paramref name="dataset"/> at <paramref name="scale"/>, writing one line per epoch to
    /// <paramref name="log"/>. The trained tensors are freed before it returns; give the spec a folder to keep the run's
    /// files (<c>run.json</c>, the checkpoint, <c>metrics.json</c>, <c>history.csv</c>) and a <paramref name="report"/> writer for
    /// its page too.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is not valid.</exception>
    public static RunResult Run(
        RunSpec spec, Dataset dataset, ExperimentScale scale, TextWriter log, IReadOnlyList<ITrainingObserver>? observers = null, IRunReportWriter? report = null) =>
        Runs.Run.Execute(scale.Apply(spec), dataset, new RunOptions { Observers = [new EpochLog(log, spec.Model.Name), .. observers ?? []], KeepState = false, Report = report });

    /// <summary>A new folder for experiment <paramref name="name"/> run at <paramref name="at"/>: <c>runs/seed-sweep-20261124-221503</c>.</summary>
    public static string FolderFor(string name, DateTimeOffset at) =>
        Path.Combine("runs", $"{name}-{at.ToLocalTime().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
}
