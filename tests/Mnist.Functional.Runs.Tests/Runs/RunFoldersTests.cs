using System.Diagnostics;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class RunFoldersTests
{
    private static readonly DateTime Monday = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Test]
    public void The_State_Comes_From_Run_Json_Or_Else_From_What_The_Folder_Holds()
    {
        // Given older folders (no run.json), folders with a record in each state, and a folder a run has only claimed
        using var folder = new TempFolder();
        var history = SyntheticRun.History(epochs: 2, stepsPerEpoch: 10);
        var config = SyntheticRunFolder.Config();
        SyntheticRunFolder.Write(folder.Path, "old-finished", config, history, evaluated: true, Monday);
        SyntheticRunFolder.Write(folder.Path, "old-interrupted", config, history, evaluated: false, Monday.AddHours(1));
        SyntheticRunFolder.Record(folder.File("failed"), "failed", Monday.AddHours(2), config, "The loss became NaN at step 12.");
        SyntheticRunFolder.Record(folder.File("running"), "running", Monday.AddHours(3), config, extra: new() { ["pid"] = Environment.ProcessId });
        SyntheticRunFolder.Record(folder.File("orphan"), "running", Monday.AddHours(4), config, extra: new() { ["pid"] = EndedProcessId() });
        Directory.CreateDirectory(folder.File("claimed"));
        File.WriteAllText(Path.Combine(folder.File("claimed"), "run.json"), "");

        // When they are listed
        var runs = RunFolders.List(folder.Path).ToDictionary(run => run.Name);

        // Then each has the state its files tell, and a reason where it did not finish
        Assert.Multiple(() =>
        {
            Assert.That(runs["old-finished"].State, Is.EqualTo(RunState.Finished));
            Assert.That(runs["old-interrupted"].State, Is.EqualTo(RunState.Interrupted));
            Assert.That(runs["old-interrupted"].Reason, Does.Contain("no final evaluation"));
            Assert.That(runs["failed"].State, Is.EqualTo(RunState.Failed));
            Assert.That(runs["failed"].Reason, Is.EqualTo("The loss became NaN at step 12."));
            Assert.That(runs["running"].State, Is.EqualTo(RunState.Running), "its process (this one) is alive");
            Assert.That(runs["orphan"].State, Is.EqualTo(RunState.Interrupted), "its process is gone");
            Assert.That(runs["orphan"].Reason, Does.Contain("has ended without recording how the run ended"));
            Assert.That(runs["claimed"].State, Is.EqualTo(RunState.Running));
        });
    }

    [Test]
    public void Runs_Are_Listed_Oldest_First_With_What_They_Ran_And_How_They_Did()
    {
        // Given three runs written out of order, and a folder that holds no run
        using var folder = new TempFolder();
        var config = SyntheticRunFolder.Config(epochs: 3);
        SyntheticRunFolder.Write(folder.Path, "c", config, SyntheticRun.History(1, 10), evaluated: false, Monday.AddDays(2));
        SyntheticRunFolder.Write(folder.Path, "a", config, SyntheticRun.History(3, 10), evaluated: true, Monday);
        SyntheticRunFolder.Record(folder.File("b"), "finished", Monday.AddDays(1), SyntheticRunFolder.Config(model: "lenet5"), extra: new() { ["test_accuracy"] = 0.982, ["epochs_completed"] = 3 });
        Directory.CreateDirectory(folder.File("not-a-run"));

        // When they are listed
        var runs = RunFolders.List(folder.Path);

        // Then by date, with model, epochs done and planned, accuracy and training time
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(run => run.Name), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(runs.Select(run => run.Model), Is.EqualTo(new[] { "tiny-cnn", "lenet5", "tiny-cnn" }));
            Assert.That(runs.Select(run => (run.EpochsCompleted, run.EpochsPlanned)), Is.EqualTo(new[] { (3, (int?)3), (3, 2), (1, 3) }));
            Assert.That(runs[0].TestAccuracy, Is.EqualTo(SyntheticRun.Predictions(200, SyntheticRun.Digits).Accuracy));
            Assert.That(runs[1].TestAccuracy, Is.EqualTo(0.982));
            Assert.That(runs[2].TestAccuracy, Is.Null);
            Assert.That(runs[0].TrainingSeconds, Is.EqualTo(3 * 31.9).Within(1e-9));
            Assert.That(runs[1].Started, Is.EqualTo(new DateTimeOffset(Monday.AddDays(1))));
            Assert.That(runs[1].Command, Is.EqualTo("mnist train --model tiny-cnn"));
            Assert.That(runs[0].Report, Is.EqualTo(Path.Combine(folder.File("a"), "report.html")));
        });
    }

    [Test]
    public void A_Run_Folder_And_Its_Checkpoint_Folder_Name_The_Same_Run()
    {
        using var folder = new TempFolder();
        var run = SyntheticRunFolder.Write(folder.Path, "run", SyntheticRunFolder.Config(), SyntheticRun.History(2, 10), evaluated: true, Monday);
        var checkpoint = Path.Combine(run, "checkpoint");

        Assert.Multiple(() =>
        {
            Assert.That(RunFolders.Resolve(checkpoint), Is.EqualTo(run));
            Assert.That(RunFolders.Resolve(checkpoint + "/"), Is.EqualTo(run));
            Assert.That(RunFolders.Resolve(Path.Combine(run, "report.html")), Is.EqualTo(run));
            Assert.That(RunFolders.CheckpointOf(run), Is.EqualTo(checkpoint));
            Assert.That(RunFolders.CheckpointOf(checkpoint), Is.EqualTo(checkpoint));
            Assert.That(RunFolders.List(checkpoint).Single().Folder, Is.EqualTo(run));
            Assert.That(RunFolders.List(run).Single().Folder, Is.EqualTo(run));
            Assert.That(RunFolders.HistoryOf(RunFolders.Read(checkpoint)), Is.EqualTo(SyntheticRun.History(2, 10)));
        });
    }

    [Test]
    public void A_Folder_Without_A_Run_Or_A_Run_Without_A_Checkpoint_Is_Refused_By_Name()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("empty"));
        SyntheticRunFolder.Record(folder.File("failed-early"), "failed", Monday, SyntheticRunFolder.Config(), "The data could not be read.");

        Assert.Multiple(() =>
        {
            Assert.That(() => RunFolders.Read(folder.File("empty")), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("empty is not a run folder").And.Message.Contains("run.json"));
            Assert.That(() => RunFolders.Read(folder.File("missing")), Throws.InstanceOf<DirectoryNotFoundException>().With.Message.Contains("missing"));
            Assert.That(() => RunFolders.List(folder.File("missing")), Throws.InstanceOf<DirectoryNotFoundException>());
            Assert.That(() => RunFolders.CheckpointOf(folder.File("failed-early")), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("has no checkpoint"));
        });
    }

    [Test]
    public void An_Unreadable_File_Is_Named_Among_The_Problems_Rather_Than_Failing_The_Listing()
    {
        using var folder = new TempFolder();
        var run = SyntheticRunFolder.Write(folder.Path, "run", SyntheticRunFolder.Config(), SyntheticRun.History(1, 10), evaluated: true, Monday);
        File.WriteAllText(Path.Combine(run, "metrics.json"), "{ not json");

        var summary = RunFolders.List(folder.Path).Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.Problems, Is.EqualTo(new[] { $"{Path.Combine(run, "metrics.json")} is not a metrics document: it is not valid JSON at line 1, column 3" }));
            Assert.That(summary.State, Is.EqualTo(RunState.Interrupted), "without readable metrics, the checkpoint alone tells");
            Assert.That(summary.Model, Is.EqualTo("tiny-cnn"), "the configuration comes from the checkpoint instead");
        });
    }

    [TestCase("""{"schema_version": 1, "state": 3}""", "the field 'state' must be a string, but it is the number 3")]
    [TestCase("""{"schema_version": 1, "state": "bogus"}""", "the field 'state' must be one of running, finished, interrupted, failed, but it is a string")]
    [TestCase("""{"schema_version": 1, "state": "finished", "state": "failed"}""", "a key appears twice: 'state'")]
    [TestCase("""{"schema_version": 1, "state": "finished", "test_accuracy": 300}""", "the field 'test_accuracy' must be a fraction from 0 to 1, but it is")]
    [TestCase("""{"schema_version": 1, "state": "finished", "training_seconds": 1e300}""", "the field 'training_seconds' must be seconds from 0 to 1e9")]
    [TestCase("""{"schema_version": 1, "state": "finished", "epochs_completed": "two"}""", "the field 'epochs_completed' must be a whole number")]
    [TestCase("""{"schema_version": 1, "state": "finished", "spec": [1, 2]}""", "the field 'spec' must be an object")]
    [TestCase("""{"schema_version": 2, "state": "finished", "results": {"test": {"accuracy": 300}}}""", "the field 'results.test.accuracy' must be a fraction from 0 to 1, but it is")]
    [TestCase("""{"schema_version": 2, "state": "finished", "results": {"timing": {"training_seconds": 1e300}}}""", "the field 'results.timing.training_seconds' must be seconds from 0 to 1e9")]
    [TestCase("""{"schema_version": 2, "state": "finished", "results": {"training": {"epochs": "two"}}}""", "the field 'results.training.epochs' must be a whole number")]
    [TestCase("""[1, 2, 3]""", "is not a run record: it holds an array, not a JSON object")]
    public void A_Damaged_Run_Json_Among_Good_Runs_Is_One_Row_With_The_File_And_Field_Named(string record, string said)
    {
        using var folder = new TempFolder();
        SyntheticRunFolder.Write(folder.Path, "good", SyntheticRunFolder.Config(), SyntheticRun.History(1, 10), evaluated: true, Monday);
        Directory.CreateDirectory(folder.File("damaged"));
        File.WriteAllText(folder.File("damaged/run.json"), record);
        SyntheticRunFolder.Write(folder.Path, "later", SyntheticRunFolder.Config(), SyntheticRun.History(1, 10), evaluated: true, Monday.AddHours(2));

        var runs = RunFolders.List(folder.Path).ToDictionary(run => run.Name);

        Assert.Multiple(() =>
        {
            Assert.That(runs.Keys, Is.EquivalentTo(new[] { "good", "damaged", "later" }));
            Assert.That(runs["damaged"].Problems, Has.Count.EqualTo(1));
            Assert.That(runs["damaged"].Problems.Single(), Does.StartWith(folder.File("damaged/run.json")).And.Contain(said));
            Assert.That(runs["good"].Problems, Is.Empty);
            Assert.That(runs["later"].Problems, Is.Empty);
        });
    }

    // The id of a process that has run and ended (ids are reused only after the kernel wraps around, far later).
    private static int EndedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
