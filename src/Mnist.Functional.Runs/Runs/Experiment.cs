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
    /// <paramref name="log"/>. The trained tensors are freed before it returns. With a <paramref name="folder"/> (or a spec that
    /// has one) the run writes an ordinary run folder there, as <c>mnist train</c> does (<c>run.json</c>, the checkpoint,
    /// <c>metrics.json</c>, <c>history.csv</c>, and the page when a <paramref name="report"/> writer is given), so that
    /// <c>mnist runs</c>, <c>compare</c>, <c>evaluate</c> and <c>train --resume</c> take it; what it trains is the same either way.
    /// </summary>
    /// <param name="spec">The run, at the recipe's full scale.</param>
    /// <param name="dataset">The data, loaded.</param>
    /// <param name="scale">How much of the data and how many epochs.</param>
    /// <param name="log">Gets one line per epoch.</param>
    /// <param name="observers">More observers of the training.</param>
    /// <param name="report">Writes the run's page into its folder.</param>
    /// <param name="folder">The run's folder (a new or empty one; <see cref="RunFolderFor"/>); <see langword="null"/> for the spec's own, if any.</param>
    /// <param name="command">The command that reproduces the run, for its <c>run.json</c>: the experiment script's.</param>
    /// <exception cref="ArgumentException">The spec is not valid.</exception>
    /// <exception cref="RunFolderException">The folder already holds a run.</exception>
    public static RunResult Run(
        RunSpec spec, Dataset dataset, ExperimentScale scale, TextWriter log, IReadOnlyList<ITrainingObserver>? observers = null, IRunReportWriter? report = null,
        string? folder = null, string command = "") =>
        Runs.Run.Execute(scale.Apply(spec) with { Folder = folder ?? spec.Folder }, dataset,
            new RunOptions { Observers = [new EpochLog(log, spec.Model.Name), .. observers ?? []], KeepState = false, Report = report, Command = command });

    /// <summary>
    /// The folder of the experiment's run named <paramref name="run"/> in <paramref name="experiment"/>'s folder:
    /// <c>runs/seed-sweep-20261124-221503/seed-3</c>. <c>mnist runs</c> on the experiment's folder lists every such run.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="run"/> is empty or not a plain folder name.</exception>
    public static string RunFolderFor(string experiment, string run) =>
        run.Length > 0 && run.IndexOfAny([.. Path.GetInvalidFileNameChars(), '/', '\\']) < 0 && run is not ("." or "..")
            ? Path.Combine(experiment, run)
            : throw new ArgumentException($"A run's name must be a plain folder name, not '{run}'.", nameof(run));

    /// <summary>
    /// The experiment's folder: the one after <c>--out</c> in the script's <paramref name="args"/>, else a new one for
    /// <paramref name="name"/> at <paramref name="scale"/> (<see cref="ExperimentScale.FolderFor"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><c>--out</c> is the last argument, with no folder after it.</exception>
    public static string FolderFor(string name, ExperimentScale scale, IReadOnlyList<string> args, DateTimeOffset at)
    {
        var flag = args.ToList().IndexOf("--out");
        if (flag < 0) return scale.FolderFor(name, at);
        return flag + 1 < args.Count ? args[flag + 1] : throw new ArgumentException("--out needs a folder after it: the experiment's report and runs go there.", nameof(args));
    }

    /// <summary>A new folder for experiment <paramref name="name"/> run at <paramref name="at"/>: <c>runs/seed-sweep-20261124-221503</c>.</summary>
    public static string FolderFor(string name, DateTimeOffset at) =>
        Path.Combine("runs", $"{name}-{at.ToLocalTime().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
}
