using System.Diagnostics;
using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// <c>mnist sweep</c> as separate processes share it: <c>--parallel</c> workers, a worker killed in the middle of a trial and
/// the sweep run again, two shards in two processes (one named by Slurm's array variable), each on a few hundred real
/// MNIST items for one epoch.
/// </summary>
[Category("RealData")]
public sealed class SweepCommandTests
{
    private const string Tiny = """
        { "version": 1, "name": "tiny",
          "run": { "model": "fast", "recipe": { "epochs": 1 }, "train_items": 600, "test_items": 300, "validation_size": 100, "threads": 1 },
          "vary": { "recipe.learning_rate": [0.05, 0.2], "seed": { "from": 1, "to": 2 } } }
        """;

    private static readonly string[] Trials = ["trial-0001", "trial-0002", "trial-0003", "trial-0004"];

    private DirectoryInfo folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("mnist-app-sweep-");

    [TearDown]
    public void DeleteFolder() => folder.Delete(recursive: true);

    private string In(string name) => Path.Combine(folder.FullName, name);

    private string SweepFile()
    {
        File.WriteAllText(In("tiny.json"), Tiny);
        return In("tiny.json");
    }

    [Test]
    public async Task A_Worker_Killed_In_The_Middle_Leaves_Its_Trial_To_The_Next_Run_And_Every_Trial_Runs_Exactly_Once()
    {
        var file = SweepFile();
        var sweep = In("sweep");

        // Given two workers, one of which is killed while it holds a trial that is not done
        using (var parent = Mnist("sweep", file, "--out", sweep, "--parallel", "2"))
        {
            // (the other worker may take the trial over itself when it reaches it after the kill; either way it is claimed twice)
            var victim = await HeldTrial(sweep, parent, TimeSpan.FromMinutes(3));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            using (var worker = Process.GetProcessById(victim.Pid)) worker.Kill();
            Assert.That(await Exit(parent, TimeSpan.FromMinutes(4)), Is.Not.EqualTo(ExitCodes.Success), "a worker was killed");
        }

        // When the sweep is run again
        using (var again = Mnist("sweep", file, "--out", sweep))
            Assert.That(await Exit(again, TimeSpan.FromMinutes(4)), Is.EqualTo(ExitCodes.Success));

        // Then every trial is done once: the killed one taken over by a second claim, the others claimed once only
        var status = await AppRunner.RunAsync("sweep", "status", sweep, "--json");
        var rows = JsonNode.Parse(status.Output)!["trials"]!.AsArray();
        var listing = await AppRunner.RunAsync("runs", sweep);
        Assert.Multiple(() =>
        {
            Assert.That(status.ExitCode, Is.EqualTo(ExitCodes.Success), status.Error);
            Assert.That(rows.Select(row => (string?)row!["state"]), Is.All.EqualTo("finished"));
            Assert.That(rows.Select(row => (double?)row!["test_accuracy"]), Is.All.InRange(0.0, 1.0));
            Assert.That(Trials.Select(trial => Directory.GetFiles(Path.Combine(sweep, ".claims"), trial + ".*.claim").Length).Sum(), Is.EqualTo(5), "four first claims and one take-over");
            Assert.That(Trials.Select(trial => File.Exists(Path.Combine(sweep, trial, "metrics.json")) && File.Exists(Path.Combine(sweep, trial, "report.html"))), Is.All.True);
            Assert.That(listing.Output.Split('\n').Count(line => line.StartsWith("trial-", StringComparison.Ordinal) && line.Contains("finished", StringComparison.Ordinal)), Is.EqualTo(4), "mnist runs sees the trials");
        });
    }

    [Test]
    public async Task Two_Shards_In_Two_Processes_Cover_The_Grid_Without_Overlap_One_Named_By_Slurms_Variable()
    {
        var file = SweepFile();
        var sweep = In("sweep");

        using var first = Mnist("sweep", file, "--out", sweep, "--shard", "1/2");
        using var second = Mnist(["sweep", file, "--out", sweep], new() { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "2" });
        Assert.That(await Exit(first, TimeSpan.FromMinutes(4)), Is.EqualTo(ExitCodes.Success));
        Assert.That(await Exit(second, TimeSpan.FromMinutes(4)), Is.EqualTo(ExitCodes.Success));

        int Holder(string trial) => (int)JsonNode.Parse(File.ReadAllText(Path.Combine(sweep, ".claims", trial + ".1.claim")))!["pid"]!;
        Assert.Multiple(() =>
        {
            Assert.That(Trials.Select(trial => Directory.GetFiles(Path.Combine(sweep, ".claims"), trial + ".*.claim").Length), Is.All.EqualTo(1), "each trial claimed once");
            Assert.That(new[] { Holder("trial-0001"), Holder("trial-0003") }, Is.All.EqualTo(first.Id), "shard 1/2: trials 1 and 3");
            Assert.That(new[] { Holder("trial-0002"), Holder("trial-0004") }, Is.All.EqualTo(second.Id), "shard 2/2 from SLURM_ARRAY_TASK_ID: trials 2 and 4");
            Assert.That(Trials.Select(trial => File.Exists(Path.Combine(sweep, ".claims", trial + ".done"))), Is.All.True);
        });
    }

    [Test]
    public async Task A_Trial_Of_An_Architecture_File_Is_A_Run_Folder_That_Evaluate_And_Resume_Take_Without_The_File()
    {
        // Given a sweep whose trials are an architecture file beside it (a small network in no zoo), one epoch of 600 digits each, tested on all 10,000
        Directory.CreateDirectory(In("nets"));
        File.WriteAllText(In("nets/small.json"), """
            { "version": 1, "kind": "sequential", "layers": [
              { "kind": "conv2d", "in_channels": 1, "out_channels": 4, "kernel_size": 3 }, { "kind": "relu" },
              { "kind": "flatten" }, { "kind": "linear", "in_features": 2704, "out_features": 10 } ] }
            """);
        File.WriteAllText(In("nets.json"), """
            { "version": 1, "run": { "model_file": "nets/small.json", "recipe": { "epochs": 1 }, "train_items": 600, "threads": 1 },
              "vary": { "seed": [1, 2] } }
            """);
        var sweep = In("sweep");
        var ran = await OwnProcessAsync("sweep", In("nets.json"), "--out", sweep);
        Assert.That(ran.ExitCode, Is.EqualTo(ExitCodes.Success), ran.Error);

        // When the file is gone, and the trial is evaluated, listed and resumed to a second epoch
        File.Delete(In("nets/small.json"));
        var recorded = (double)JsonNode.Parse(File.ReadAllText(Path.Combine(sweep, "trial-0001", "metrics.json")))!["test"]!["accuracy"]!;
        var evaluated = await OwnProcessAsync("evaluate", "--checkpoint", Path.Combine(sweep, "trial-0001"), "--json");
        var listing = await AppRunner.RunAsync("runs", sweep);
        var status = await AppRunner.RunAsync("sweep", "status", sweep);
        var resumed = await OwnProcessAsync("train", "--resume", Path.Combine(sweep, "trial-0002", "checkpoint"), "--epochs", "2", "--schedule", "onecycle", "--json");

        // Then each takes the trial's folder, whose run holds the network
        Assert.Multiple(() =>
        {
            Assert.That(evaluated.ExitCode, Is.EqualTo(ExitCodes.Success), evaluated.Error);
            Assert.That((double)JsonNode.Parse(evaluated.Output)!["test"]!["accuracy"]!, Is.EqualTo(recorded));
            Assert.That(listing.Output.Split('\n').Count(line => line.StartsWith("trial-", StringComparison.Ordinal) && line.Contains(" small ", StringComparison.Ordinal)), Is.EqualTo(2), listing.Output);
            Assert.That(status.ExitCode, Is.EqualTo(ExitCodes.Success), status.Error);
            Assert.That(File.Exists(Path.Combine(sweep, "sweep-files.json")), Is.True);
            Assert.That(resumed.ExitCode, Is.EqualTo(ExitCodes.Success), resumed.Error);
        });
    }

    [Test]
    public async Task A_Bad_Sweep_File_Is_Refused_With_Its_Field_Before_Any_Folder_Is_Made()
    {
        File.WriteAllText(In("bad.json"), """{ "version": 1, "run": { "model": "fast" }, "vary": { "recipe.learning_rate": [0.1, 0] } }""");
        var result = await AppRunner.RunAsync("sweep", In("bad.json"), "--out", In("sweep"));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("vary.recipe.learning_rate[1]"));
            Assert.That(result.Error, Does.Contain("no trial has started"));
            Assert.That(Directory.Exists(In("sweep")), Is.False);
        });
    }

    [Test]
    public async Task A_Folder_Of_Another_Sweep_Is_Refused()
    {
        var file = SweepFile();
        File.WriteAllText(In("other.json"), Tiny.Replace("0.05", "0.07", StringComparison.Ordinal));
        Directory.CreateDirectory(In("sweep"));
        File.WriteAllText(Path.Combine(In("sweep"), "sweep.json"), File.ReadAllText(In("other.json")));
        var result = await AppRunner.RunAsync("sweep", file, "--out", In("sweep"));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("holds another sweep"));
        });
    }

    private static async Task<(int ExitCode, string Output, string Error)> OwnProcessAsync(params string[] args)
    {
        using var process = Process.Start(AppRunner.OwnProcess(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static Process Mnist(params string[] args) => Mnist(args, []);

    // The app as its own process (dotnet mnist.dll), its output read so that it never blocks on a full pipe.
    private static Process Mnist(string[] args, Dictionary<string, string> environment)
    {
        var start = AppRunner.OwnProcess(args);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        foreach (var name in new[] { "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX" }.Where(name => !environment.ContainsKey(name))) start.Environment.Remove(name);
        var process = Process.Start(start)!;
        var log = Logs[process.Id] = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) log.Enqueue(text); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) log.Enqueue(text); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // What each process started here wrote, for the message of an assertion on its exit code.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, System.Collections.Concurrent.ConcurrentQueue<string>> Logs = new();

    private static async Task<int> Exit(Process process, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"mnist did not end within {limit}");
        }
        process.WaitForExit(); // the last lines of its output
        if (process.ExitCode != 0) TestContext.Out.WriteLine(string.Join('\n', Logs[process.Id]));
        return process.ExitCode;
    }

    // The first trial a worker holds while it is not done: its claim's pid.
    private static async Task<(string Trial, int Pid)> HeldTrial(string sweep, Process parent, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var claims = Path.Combine(sweep, ".claims");
        while (clock.Elapsed < limit && !parent.HasExited)
        {
            if (Directory.Exists(claims))
                foreach (var claim in Directory.GetFiles(claims, "*.1.claim"))
                {
                    var trial = Path.GetFileName(claim).Split('.')[0];
                    if (File.Exists(Path.Combine(claims, trial + ".done"))) continue;
                    try
                    {
                        return (trial, (int)JsonNode.Parse(File.ReadAllText(claim))!["pid"]!);
                    }
                    catch (IOException)
                    {
                    }
                }
            await Task.Delay(100);
        }
        Assert.Fail("no worker claimed a trial");
        return default;
    }
}
