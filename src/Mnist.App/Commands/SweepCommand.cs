using System.CommandLine;
using System.Globalization;
using Mnist.App.Cli;
using Mnist.App.Training;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Native;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs.Sweeps;
using static System.FormattableString;

namespace Mnist.App.Commands;

/// <summary>
/// <c>sweep</c>: runs the trials of a sweep file as run folders under one sweep folder, claimed through the file system so
/// that any number of processes (<c>--parallel</c>, <c>--shard</c>, a scheduler's array) share them; <c>sweep status</c>
/// and <c>sweep report</c> show where it stands.
/// </summary>
public static class SweepCommand
{
    private static readonly Argument<string> File = new("SWEEP.json") { Description = "The sweep file (docs/sweeps.md describes it)." };
    private static readonly Option<string?> Output = new("--out", "-o") { Description = "The sweep's folder (default runs/<the sweep's name>). Running the same command again continues it." };
    private static readonly Option<string?> Shard = new("--shard") { Description = $"Run only shard I of N (I/N, from 1): trial t belongs to shard (t mod N) + 1. Without it, {SweepShard.SlurmVariable} or {SweepShard.KubernetesVariable} names the shard when set." };
    private static readonly Option<int?> Shards = NumberOptions.Whole("--shards", "How many shards the scheduler's array has, for the index in its variable (default: the sweep file's \"shards\", or Slurm's array size).", 1, SweepFile.MaxTrials);
    private static readonly Option<int?> Parallel = NumberOptions.Whole("--parallel", $"Run this many worker processes here, which share the trials (at most the cores, {Environment.ProcessorCount}; default 1).", 1, Environment.ProcessorCount);
    private static readonly Option<double?> Lease = NumberOptions.Positive("--lease", $"Seconds after which the claim of a process on another machine that stopped touching it is taken over (default {SweepWorker.DefaultLease.TotalSeconds:F0}).");
    private static readonly Option<int?> Threads = ThreadCount.Create();
    private static readonly Option<string?> DataDirectory = new("--data-dir") { Description = "Use the dataset files in this folder (standard names, raw or .gz) and no other source." };
    private static readonly Argument<string> Directory = new("SWEEP_DIR") { Description = "The sweep's folder." };
    private static readonly Option<bool> Json = new("--json") { Description = "Write one JSON document on standard output instead of the table." };
    private static readonly Option<string?> Page = new("--out", "-o") { Description = "Where to write the page (default SWEEP_DIR/sweep.html)." };

    /// <summary>Creates the command with its <c>status</c> and <c>report</c> subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("sweep", "Run a sweep file's trials as run folders under one sweep folder; any number of processes or scheduler array tasks can share it.");
        command.Arguments.Add(File);
        foreach (var option in new Option[] { Output, Shard, Shards, Parallel, Lease, Threads, DataDirectory }) command.Options.Add(option);
        command.SetAction(CommandAction.Guarded(RunAsync));

        var status = new Command("status", "Print a sweep's trials: the settings that vary, validation and test accuracy, training time and state.");
        status.Arguments.Add(Directory);
        status.Options.Add(Lease);
        status.Options.Add(Json);
        status.SetAction(CommandAction.Guarded(StatusAsync));
        command.Subcommands.Add(status);

        var report = new Command("report", "Write a sweep's page: a sortable table of its trials, accuracy against each varied setting, the best trial's curves. It works offline.");
        report.Arguments.Add(Directory);
        report.Options.Add(Page);
        report.Options.Add(Lease);
        report.SetAction(CommandAction.Guarded(ReportAsync));
        command.Subcommands.Add(report);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var error = parse.InvocationConfiguration.Error;
        var path = parse.GetValue(File)!;
        var sweep = SweepFile.Read(path);
        var shard = parse.GetValue(Shard) is { } text ? SweepShard.Parse(text) : SweepShard.FromEnvironment(Environment.GetEnvironmentVariable, parse.GetValue(Shards), sweep.Shards) ?? SweepShard.All;
        var lease = LeaseOf(parse);
        var outFolder = parse.GetValue(Output) ?? Path.Combine("runs", sweep.Name);
        var folder = SweepFolder.Take(outFolder, sweep);
        var parallel = parse.GetValue(Parallel) ?? 1;
        var threads = ThreadCount.Checked(parse.GetValue(Threads));
        await error.WriteLineAsync(Invariant($"sweep {sweep.Name}: {sweep.Trials.Count} trials ({sweep.Sampling}), shard {shard} has {sweep.Trials.Count(t => shard.Contains(t.Index))}; folder {folder.Path}"));
        if (parallel > 1)
        {
            var arguments = new List<string> { "sweep", Path.GetFullPath(path), "--out", folder.Path, "--shard", shard.ToString(), "--lease", lease.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
                                               "--threads", (threads ?? Math.Max(1, Environment.ProcessorCount / parallel)).ToString(CultureInfo.InvariantCulture) };
            if (parse.GetValue(DataDirectory) is { } data) arguments.AddRange(["--data-dir", data]);
            var code = await SweepProcesses.RunAsync(parallel, arguments, error, cancellation);
            if (code != ExitCodes.Success) return code;
            await error.WriteLineAsync(Finished(sweep, folder, lease));
            return ExitCodes.Success;
        }

        CommandEngine.Start(EngineOptions.ForTraining, threads);
        var command = $"mnist sweep {path} --out {outFolder}";
        SweepPass pass;
        try
        {
            pass = await SweepWorker.RunAsync(sweep, folder, shard, lease, SweepTrials.With(new DataOptions(parse.GetValue(DataDirectory))),
                                              line => error.WriteLine(line), command, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await error.WriteLineAsync($"interrupted: the trial under way was given up and resumes from its checkpoint when '{command}' runs again.");
            return ExitCodes.Cancelled;
        }
        await error.WriteLineAsync(Invariant($"this process ran {pass.Ran} trials; {pass.AlreadyDone} of its shard were done already, {pass.HeldElsewhere} are held by other processes."));
        await error.WriteLineAsync(Finished(sweep, folder, lease));
        return ExitCodes.Success;
    }

    private static string Finished(Sweep sweep, SweepFolder folder, TimeSpan lease)
    {
        var rows = SweepStatus.Read(sweep, folder, lease);
        var done = rows.Count(row => row.State is TrialState.Finished or TrialState.Failed);
        return done == rows.Count
            ? Invariant($"the sweep is finished: all {rows.Count} trials are done. 'mnist sweep status {folder.Path}' lists them; 'mnist sweep report {folder.Path}' writes the page.")
            : Invariant($"the sweep is not finished: {done} of {rows.Count} trials are done ({rows.Count(row => row.State == TrialState.Running)} running elsewhere, {rows.Count(row => row.State is TrialState.Pending or TrialState.Interrupted)} waiting for a process).");
    }

    private static async Task<int> StatusAsync(ParseResult parse, CancellationToken cancellation)
    {
        var (folder, sweep) = SweepFolder.Open(parse.GetValue(Directory)!);
        var rows = SweepStatus.Read(sweep, folder, LeaseOf(parse));
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(Json))
            await JsonOutput.WriteAsync(output, SweepTable.Json(sweep, rows));
        else
            await output.WriteAsync(SweepTable.Text(sweep, rows));
        return ExitCodes.Success;
    }

    private static async Task<int> ReportAsync(ParseResult parse, CancellationToken cancellation)
    {
        var (folder, sweep) = SweepFolder.Open(parse.GetValue(Directory)!);
        var rows = SweepStatus.Read(sweep, folder, LeaseOf(parse));
        var path = parse.GetValue(Page) ?? Path.Combine(folder.Path, "sweep.html");
        SweepPage.Write(sweep, rows, path);
        await parse.InvocationConfiguration.Output.WriteLineAsync(path);
        return ExitCodes.Success;
    }

    private static TimeSpan LeaseOf(ParseResult parse) => parse.GetValue(Lease) is { } seconds ? TimeSpan.FromSeconds(seconds) : SweepWorker.DefaultLease;

}
