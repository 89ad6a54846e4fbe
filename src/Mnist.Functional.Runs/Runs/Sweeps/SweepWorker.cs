using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;

namespace Mnist.Functional.Runs.Sweeps;

/// <summary>
/// Runs one trial as a run: the host's <see cref="Run"/> with its own observers and page writer. It gets the specification
/// (its folder set) and the options (how the folder is taken, where to resume from), and returns how the run ended.
/// </summary>
public delegate Task<RunState> TrialRunner(SweepTrial trial, RunSpec spec, RunOptions options, CancellationToken cancellation);

/// <summary>What one process did with its shard of a sweep.</summary>
/// <param name="Ran">Trials it ran to their end (finished or failed).</param>
/// <param name="AlreadyDone">Trials of its shard that were done before it looked.</param>
/// <param name="HeldElsewhere">Trials of its shard that a live process held.</param>
/// <param name="SweepDone">Whether every trial of the whole sweep is done.</param>
public sealed record SweepPass(int Ran, int AlreadyDone, int HeldElsewhere, bool SweepDone);

/// <summary>
/// One process's pass over its shard of a sweep: each trial that is neither done nor held by a live process is claimed,
/// run (an interrupted trial resumed from its checkpoint when that checkpoint is the trial's), and marked done.
/// </summary>
public static class SweepWorker
{
    /// <summary>The lease when none is given: a claim of a process on another host that has not been touched for this long is abandoned.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);

    /// <summary>Runs the trials of <paramref name="shard"/> that need running, one after another.</summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="folder">Its folder (<see cref="SweepFolder.Take"/>).</param>
    /// <param name="shard">The trials this process may take.</param>
    /// <param name="lease">How long a claim of another host stays valid untouched.</param>
    /// <param name="run">Runs one trial.</param>
    /// <param name="log">Told of each trial as it is taken and ended.</param>
    /// <param name="command">The command line that reproduces the sweep, for each trial's <c>run.json</c>.</param>
    /// <param name="cancellation">Stops after the current trial's current step (the trial is released, to be resumed).</param>
    public static async Task<SweepPass> RunAsync(Sweep sweep, SweepFolder folder, SweepShard shard, TimeSpan lease, TrialRunner run, Action<string> log, string command, CancellationToken cancellation)
    {
        int ran = 0, done = 0, held = 0;
        foreach (var trial in sweep.Trials.Where(trial => shard.Contains(trial.Index)))
        {
            cancellation.ThrowIfCancellationRequested();
            if (TrialClaim.IsDone(folder.Claims, trial.Id))
            {
                done++;
                continue;
            }
            using var claim = TrialClaim.TryTake(folder.Claims, trial.Id, lease);
            if (claim is null)
            {
                if (TrialClaim.IsDone(folder.Claims, trial.Id)) done++;
                else held++;
                continue;
            }
            var state = await RunTrial(trial, folder, claim, run, log, command, cancellation);
            if (state == RunState.Interrupted)
            {
                claim.Release();
                cancellation.ThrowIfCancellationRequested();
                throw new OperationCanceledException($"{trial.Id} was interrupted.");
            }
            claim.Done(state == RunState.Finished ? "finished" : "failed");
            log($"{trial.Id} {(state == RunState.Finished ? "finished" : "failed")}");
            ran++;
        }
        return new SweepPass(ran, done, held, sweep.Trials.All(trial => TrialClaim.IsDone(folder.Claims, trial.Id)));
    }

    private static async Task<RunState> RunTrial(SweepTrial trial, SweepFolder folder, TrialClaim claim, TrialRunner run, Action<string> log, string command, CancellationToken cancellation)
    {
        try
        {
            return await Attempt(trial, folder, claim, run, log, command, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return RunState.Interrupted;
        }
    }

    private static async Task<RunState> Attempt(SweepTrial trial, SweepFolder folder, TrialClaim claim, TrialRunner run, Action<string> log, string command, CancellationToken cancellation)
    {
        var path = folder.TrialFolder(trial);
        var checkpoint = Path.Combine(path, RunFolder.CheckpointName);
        var fresh = trial.Spec with { Folder = path };
        var options = new RunOptions { Claim = FolderClaim.Replace, Command = command, KeepState = false };
        if (ResumableFrom(checkpoint, trial.Spec) is { } saved)
        {
            log($"{trial.Id} resumed from its checkpoint (claim {claim.Generation}): {trial.Describe()}");
            try
            {
                return await run(trial, saved with { Folder = path }, options with { ResumeFrom = checkpoint }, cancellation);
            }
            catch (Exception e) when (e is InvalidDataException or CheckpointMismatchException)
            {
                log($"{trial.Id}: its checkpoint cannot be resumed ({e.Message}); it runs again from the start");
            }
        }
        else
        {
            log($"{trial.Id} started{(claim.Generation > 1 ? $" again (claim {claim.Generation})" : "")}: {trial.Describe()}");
        }
        return await run(trial, fresh, options, cancellation);
    }

    // The checkpoint's specification when it is this trial's (its normalisation, measured when it started, aside); else null.
    private static RunSpec? ResumableFrom(string checkpoint, RunSpec spec)
    {
        if (!File.Exists(Path.Combine(checkpoint, CheckpointStore.ManifestFile))) return null;
        try
        {
            var saved = Run.SpecOf(checkpoint);
            return JsonNode.DeepEquals(RunSpecJson.ToJson(saved with { Normalisation = spec.Normalisation }), RunSpecJson.ToJson(spec)) ? saved : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or CheckpointMismatchException)
        {
            return null;
        }
    }
}
