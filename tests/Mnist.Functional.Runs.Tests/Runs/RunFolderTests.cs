using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class RunFolderTests
{
    // The folder of a run that took it and has ended, so that its lease is let go.
    private static RunFolder Ended(RunLease lease)
    {
        lease.Dispose();
        return lease.Folder;
    }

    [Test]
    public void A_New_Run_Takes_An_Empty_Or_Missing_Folder_And_Marks_It_With_Its_Record()
    {
        using var temp = new TempFolder();

        var folder = Ended(RunFolder.Take(temp.File("a/b"), FolderClaim.New));

        Assert.Multiple(() =>
        {
            Assert.That(folder.Path, Is.EqualTo(temp.File("a/b")));
            Assert.That(File.Exists(folder.Record), Is.True);
            Assert.That(RunFolder.HoldsRun(folder.Path), Is.True);
        });
    }

    [Test]
    public void A_Folder_That_Holds_A_Run_Is_Refused_And_The_Run_In_It_Is_Left_Alone()
    {
        using var temp = new TempFolder();
        var first = Ended(RunFolder.Take(temp.File("run"), FolderClaim.New));
        File.WriteAllText(first.Metrics, "{}");

        Assert.That(() => Ended(RunFolder.Take(temp.File("run"), FolderClaim.New)),
            Throws.InstanceOf<RunFolderException>().With.Message.Contains("holds a run already"));
        Assert.That(File.ReadAllText(first.Metrics), Is.EqualTo("{}"));
    }

    [TestCase("run/checkpoint")]
    [TestCase("run/checkpoint/")]
    [TestCase("run/reports/new")]
    public void A_Folder_Inside_A_Run_Such_As_Its_Checkpoint_Is_Refused_And_Nothing_Is_Written_There(string inside)
    {
        using var temp = new TempFolder();
        var run = Ended(RunFolder.Take(temp.File("run"), FolderClaim.New));
        Directory.CreateDirectory(run.Checkpoint);
        File.WriteAllText(Path.Combine(run.Checkpoint, "checkpoint.json"), "{}");

        Assert.Multiple(() =>
        {
            Assert.That(() => Ended(RunFolder.Take(temp.File(inside), FolderClaim.New)),
                Throws.InstanceOf<RunFolderException>().With.Message.Contains("is inside the run in").And.Message.Contains(run.Path));
            Assert.That(File.Exists(Path.Combine(run.Checkpoint, "run.json")), Is.False);
            Assert.That(Directory.Exists(temp.File("run/reports")), Is.False);
        });
    }

    [Test]
    public void A_Run_Folder_From_Before_Run_Json_Counts_As_A_Run_By_Its_Checkpoint_And_The_Refusal_Names_It()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("old/checkpoint"));
        File.WriteAllText(temp.File("old/checkpoint/checkpoint.json"), "{}");
        File.WriteAllText(temp.File("old/metrics.json"), "{}");

        Assert.That(() => Ended(RunFolder.Take(temp.File("old"), FolderClaim.New)), Throws.InstanceOf<RunFolderException>()
            .With.Message.Contains($"it holds a run already ({temp.File("old/checkpoint/checkpoint.json")})"));
    }

    [Test]
    public void The_Refusal_Of_A_Folder_That_Holds_A_Run_Names_Its_Run_Json()
    {
        using var temp = new TempFolder();
        var first = Ended(RunFolder.Take(temp.File("run"), FolderClaim.New));

        Assert.That(() => Ended(RunFolder.Take(temp.File("run"), FolderClaim.New)), Throws.InstanceOf<RunFolderException>()
            .With.Message.Contains($"it holds a run already ({first.Record})"));
    }

    [Test]
    public void The_Refusal_Of_A_Folder_Inside_A_Run_Names_The_File_That_Makes_The_Folder_Above_A_Run()
    {
        using var temp = new TempFolder();
        var run = Ended(RunFolder.Take(temp.File("run"), FolderClaim.New));

        Assert.That(() => Ended(RunFolder.Take(temp.File("run/sub/new"), FolderClaim.New)), Throws.InstanceOf<RunFolderException>()
            .With.Message.Contains($"it is inside the run in {run.Path} ({run.Record} makes that folder a run)"));
    }

    // A shell creates the file of `mnist train --json > metrics.json` (empty) before the program starts.
    [TestCase("metrics.json", "")]
    [TestCase("metrics.json", "{\"test_accuracy\": 0.99}")]
    [TestCase("report.html", "")]
    [TestCase("history.csv", "")]
    public void A_Stray_File_Of_A_Runs_Name_Does_Not_Make_Its_Folder_A_Run(string name, string text)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File(name), text);
        Directory.CreateDirectory(temp.File("checkpoint"));   // an empty checkpoint/ holds no checkpoint either

        Assert.Multiple(() =>
        {
            Assert.That(RunFolder.HoldsRun(temp.Path), Is.False);
            Assert.That(Ended(RunFolder.Take(temp.File("runs/20261205-122407"), FolderClaim.Unique)).Path, Is.EqualTo(temp.File("runs/20261205-122407")), "a run below it");
            Assert.That(Ended(RunFolder.Take(temp.File("runs/again"), FolderClaim.New)).Path, Is.EqualTo(temp.File("runs/again")), "and every later one");
            Assert.That(RunFolders.List(temp.Path), Is.Empty, "the folder is no run, and neither are runs/ and the empty checkpoint/");
            Assert.That(RunFolders.List(temp.File("runs")), Has.Count.EqualTo(2));
        });
    }

    // The record as this version writes it, and as version 1 wrote it (the epochs flat).
    [TestCase("""{"schema_version": 2, "state": "failed", "reason": "Fashion-MNIST could not be obtained", "results": {"training": {"epochs": 0}}}""")]
    [TestCase("""{"schema_version": 1, "state": "failed", "reason": "Fashion-MNIST could not be obtained", "epochs_completed": 0}""")]
    public void A_Run_That_Failed_Before_Training_Does_Not_Block_The_Same_Command_Again(string record)
    {
        using var temp = new TempFolder();
        var failed = Ended(RunFolder.Take(temp.File("runs/fashion"), FolderClaim.New));
        File.WriteAllText(failed.Record, record);
        File.WriteAllText(temp.File("runs/fashion/notes.txt"), "mine");

        var again = Ended(RunFolder.Take(temp.File("runs/fashion"), FolderClaim.New));

        Assert.Multiple(() =>
        {
            Assert.That(again.Path, Is.EqualTo(failed.Path));
            Assert.That(File.ReadAllText(again.Record), Is.Empty, "the new run's own claim");
            Assert.That(File.ReadAllText(temp.File("runs/fashion/notes.txt")), Is.EqualTo("mine"), "nothing else is touched");
        });
    }

    // What did train, or stopped for another reason, is kept and still blocks the folder.
    [TestCase("failed", 1, false)]
    [TestCase("failed", 0, true)]
    [TestCase("interrupted", 0, true)]
    [TestCase("finished", 0, false)]
    public void A_Run_That_Trained_Or_Kept_A_Checkpoint_Still_Blocks_Its_Folder(string state, int epochs, bool checkpoint)
    {
        using var temp = new TempFolder();
        var run = Ended(RunFolder.Take(temp.File("run"), FolderClaim.New));
        File.WriteAllText(run.Record, $$"""{"schema_version": 1, "state": "{{state}}", "epochs_completed": {{epochs}}}""");
        if (checkpoint)
        {
            Directory.CreateDirectory(run.Checkpoint);
            File.WriteAllText(Path.Combine(run.Checkpoint, "checkpoint.json"), "{}");
        }

        Assert.That(() => Ended(RunFolder.Take(temp.File("run"), FolderClaim.New)), Throws.InstanceOf<RunFolderException>().With.Message.Contains("holds a run already"));
    }

    [Test]
    public void Runs_Started_In_The_Same_Second_Never_Share_A_Default_Folder()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, RunFolder.DefaultFor(new DateTime(2026, 11, 29, 20, 41, 7)));

        var folders = Enumerable.Range(0, 3).Select(_ => Ended(RunFolder.Take(path, FolderClaim.Unique)).Path).ToArray();

        Assert.That(folders, Is.EqualTo(new[] { path, path + "-2", path + "-3" }));
    }

    [Test]
    public void Runs_Taking_Folders_At_Once_Each_Get_Their_Own()
    {
        using var temp = new TempFolder();
        var path = temp.File("same-second");

        var folders = Enumerable.Range(0, 8).AsParallel().Select(_ => Ended(RunFolder.Take(path, FolderClaim.Unique)).Path).ToArray();

        Assert.That(folders, Is.Unique);
    }

    [Test]
    public void A_File_In_The_Way_Is_Found_Before_Anything_Runs()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("taken"), "not a folder");

        Assert.That(() => Ended(RunFolder.Take(temp.File("taken"), FolderClaim.New)),
            Throws.InstanceOf<RunFolderException>().With.Message.Contains("a file has that name"));
        Assert.That(() => Ended(RunFolder.Take(temp.File("taken/inside"), FolderClaim.New)),
            Throws.InstanceOf<RunFolderException>().With.Message.Contains("cannot be created or written"));
    }

    [Test]
    public void A_Read_Only_Place_Is_Found_Before_Anything_Runs()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "Unix permissions");
        Assume.That(Environment.UserName, Is.Not.EqualTo("root"), "root writes into read-only folders");
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempFolder();
        var locked = Directory.CreateDirectory(temp.File("locked"));
        File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            Assert.That(() => Ended(RunFolder.Take(Path.Combine(locked.FullName, "run"), FolderClaim.New)),
                Throws.InstanceOf<RunFolderException>().With.Message.Contains("cannot be created or written"));
        }
        finally
        {
            File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void Replace_Deletes_Only_The_Old_Runs_Files()
    {
        using var temp = new TempFolder();
        var old = Ended(RunFolder.Take(temp.File("run"), FolderClaim.New));
        File.WriteAllText(old.Report, "old");
        Directory.CreateDirectory(old.Checkpoint);
        File.WriteAllText(temp.File("run/notes.txt"), "mine");

        var replaced = Ended(RunFolder.Take(temp.File("run"), FolderClaim.Replace));

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(replaced.Report), Is.False);
            Assert.That(Directory.Exists(replaced.Checkpoint), Is.False);
            Assert.That(File.ReadAllText(temp.File("run/notes.txt")), Is.EqualTo("mine"));
            Assert.That(File.Exists(replaced.Record), Is.True);
        });
    }

    [TestCase(FolderClaim.Replace, "--replace does not delete a live run")]
    [TestCase(FolderClaim.Resume, "a run is resumed by one process at a time")]
    [TestCase(FolderClaim.New, "a new run does not write into it")]
    public void A_Live_Run_Keeps_Its_Folder_Against_Every_Claim_And_Its_Files_Stay(FolderClaim claim, string said)
    {
        using var temp = new TempFolder();
        using var live = RunFolder.Take(temp.File("run"), FolderClaim.New);
        File.WriteAllText(live.Folder.Report, "live");

        Assert.Multiple(() =>
        {
            Assert.That(() => RunFolder.Take(temp.File("run"), claim), Throws.InstanceOf<RunFolderException>()
                .With.Message.Contains("a run that is still going holds it").And.Message.Contains(said).And.Property(nameof(RunFolderException.HeldByLiveRun)).True);
            Assert.That(File.ReadAllText(live.Folder.Report), Is.EqualTo("live"));
            Assert.That(File.Exists(live.Folder.Record), Is.True);
        });
    }

    [Test]
    public void A_Unique_Claim_Passes_A_Live_Runs_Folder_By_And_An_Ended_Runs_Lock_Is_Gone()
    {
        using var temp = new TempFolder();
        var live = RunFolder.Take(temp.File("run"), FolderClaim.Replace);

        using var next = RunFolder.Take(temp.File("run"), FolderClaim.Unique);
        live.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(next.Folder.Path, Is.EqualTo(temp.File("run-2")));
            Assert.That(File.Exists(temp.File($"run/{RunLease.LockName}")), Is.False, "the ended run deleted its lock");
            Assert.That(() => Ended(RunFolder.Take(temp.File("run"), FolderClaim.Replace)), Throws.Nothing, "an ended run's folder may be replaced");
        });
    }

    [Test]
    public void A_Run_Held_By_Another_Process_Is_Not_Replaced()
    {
        Assume.That(File.Exists("/usr/bin/flock"), "util-linux's flock takes the same lock from another process");
        using var temp = new TempFolder();
        var run = Ended(RunFolder.Take(temp.File("run"), FolderClaim.New));
        File.WriteAllText(run.Report, "live");
        var lockPath = Path.Combine(run.Path, RunLease.LockName);
        using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/flock", ["-x", lockPath, "sleep", "30"]))!;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(lockPath) && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
            Thread.Sleep(200);   // flock creates the file, then locks it

            Assert.Multiple(() =>
            {
                Assert.That(() => RunFolder.Take(run.Path, FolderClaim.Replace), Throws.InstanceOf<RunFolderException>()
                    .With.Message.Contains("a run that is still going holds it"));
                Assert.That(File.ReadAllText(run.Report), Is.EqualTo("live"));
            });
        }
        finally
        {
            other.Kill();
            other.WaitForExit();
        }
    }

    [Test]
    public void A_Folder_Where_No_Lock_Can_Be_Made_Is_Said_At_Once_Not_As_A_Live_Run()
    {
        Assume.That(OperatingSystem.IsLinux(), "/proc");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.That(() => RunFolder.Take("/proc/self", FolderClaim.Resume), Throws.InstanceOf<RunFolderException>()
            .With.Message.Contains("no run can hold it").Or.Message.Contains("cannot be created or written"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "said at once, without waiting for a holder");
    }

    [Test]
    public void A_Checkpoint_Folder_Belongs_To_The_Run_Folder_Above_It()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RunFolder.OfCheckpoint("/runs/20261129-204107/checkpoint/"), Is.EqualTo("/runs/20261129-204107"));
            Assert.That(RunFolder.OfCheckpoint("/elsewhere/saved"), Is.EqualTo("/elsewhere/saved"));
        });
    }
}
