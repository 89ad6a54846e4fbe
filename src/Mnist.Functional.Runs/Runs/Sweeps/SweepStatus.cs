using Mnist.Functional.Training;

namespace Mnist.Functional.Runs.Sweeps;

/// <summary>One trial as a sweep's table shows it.</summary>
/// <param name="Trial">The trial.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Run">Its run folder read as <c>mnist runs</c> reads it; <see langword="null"/> before it has one.</param>
/// <param name="History">Its training history (from its checkpoint); empty before it has one.</param>
public sealed record SweepRow(SweepTrial Trial, TrialState State, SavedRun? Run, History History)
{
    /// <summary>Who holds a running trial (<c>pid 1234 on host</c>); <see langword="null"/> otherwise.</summary>
    public string? Holder { get; init; }

    /// <summary>The validation accuracy after the last epoch, in [0, 1]; <see langword="null"/> without a validation split.</summary>
    public double? ValidationAccuracy => History.Epochs.Count > 0 ? History.Epochs[^1].ValidationAccuracy : null;

    /// <summary>The final test accuracy, in [0, 1]; <see langword="null"/> until the run has one.</summary>
    public double? TestAccuracy => Run?.TestAccuracy;

    /// <summary>Seconds of training so far.</summary>
    public double? TrainingSeconds => Run?.TrainingSeconds;
}

/// <summary>A sweep's trials as they stand, read from its folder: what <c>mnist sweep status</c> and <c>mnist sweep report</c> show.</summary>
public static class SweepStatus
{
    /// <summary>Every trial of <paramref name="sweep"/> in <paramref name="folder"/>, in order.</summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="folder">Its folder.</param>
    /// <param name="lease">How long a claim of another host stays valid untouched.</param>
    public static IReadOnlyList<SweepRow> Read(Sweep sweep, SweepFolder folder, TimeSpan lease) =>
        [.. sweep.Trials.Select(trial => Row(trial, folder, lease))];

    /// <summary>
    /// The best done trial: the highest validation accuracy when the trials have a validation split (the test split is then
    /// only reported, never chosen by), else the highest test accuracy; <see langword="null"/> when none has finished.
    /// </summary>
    public static SweepRow? Best(IReadOnlyList<SweepRow> rows)
    {
        var finished = rows.Where(row => row.State == TrialState.Finished).ToArray();
        return finished.Any(row => row.ValidationAccuracy is not null)
            ? finished.Where(row => row.ValidationAccuracy is not null).MaxBy(row => row.ValidationAccuracy)
            : finished.Where(row => row.TestAccuracy is not null).MaxBy(row => row.TestAccuracy);
    }

    /// <summary>Whether the best trial is chosen by validation accuracy.</summary>
    public static bool SelectsOnValidation(IReadOnlyList<SweepRow> rows) => rows.Any(row => row.State == TrialState.Finished && row.ValidationAccuracy is not null);

    private static SweepRow Row(SweepTrial trial, SweepFolder folder, TimeSpan lease)
    {
        var path = folder.TrialFolder(trial);
        SavedRun? run = null;
        var history = History.Empty;
        if (RunFolder.HoldsRun(path))
        {
            run = RunFolders.Read(path);
            try
            {
                history = RunFolders.HistoryOf(run);
            }
            catch (InvalidDataException)
            {
                // an unreadable history leaves the trial's curves and validation figure out, not its row
            }
        }
        var donePath = TrialClaim.DoneFile(folder.Claims, trial.Id);
        if (File.Exists(donePath))
            return new SweepRow(trial, File.ReadAllText(donePath).Contains("\"failed\"", StringComparison.Ordinal) ? TrialState.Failed : TrialState.Finished, run, history);
        var (claim, _) = TrialClaim.Latest(folder.Claims, trial.Id);
        if (claim is null)
            return new SweepRow(trial, TrialState.Pending, run, history);
        return TrialClaim.Holder(claim, lease) is { } holder
            ? new SweepRow(trial, TrialState.Running, run, history) { Holder = holder }
            : new SweepRow(trial, TrialState.Interrupted, run, history);
    }
}
