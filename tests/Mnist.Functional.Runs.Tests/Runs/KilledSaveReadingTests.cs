using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Models;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>
/// A run's save killed after any step is read by every reading command the same way <c>train --resume</c> reads it:
/// <c>evaluate</c>, <c>predict</c>, <c>export</c>, <c>serve</c> and <c>robustness</c> all find the model through
/// <see cref="RunFolders.CheckpointOf"/> and load it with <see cref="TrainedModel.Load"/>; <c>runs</c> and
/// <c>compare</c> read it through <see cref="RunFolders.Read"/>.
/// </summary>
public sealed class KilledSaveReadingTests
{
    private static readonly RunSpec Spec = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe, Seed: 4) { Normalisation = new PixelStats(0.1307, 0.3081) };

    // A checkpoint of the mlp whose step counts which save wrote it.
    private static Checkpoint Saved(ulong seed)
    {
        var variables = Zoo.Mlp.Network.Init(new Generator(seed));
        return new Checkpoint(variables, Params.Empty, [], 1, (long)seed, new JsonObject { ["config"] = RunSpecJson.ToJson(Spec) });
    }

    private static int StepCount => CheckpointStore.SaveStepNames(Saved(1)).Count;

    private static IEnumerable<int> EveryStep() => Enumerable.Range(0, StepCount + 1);

    private static string RunFolderWithRecord(TempFolder temp)
    {
        var run = temp.File("run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, RunJournal.FileName), """
            {"schema_version": 1, "state": "interrupted", "started_utc": "2026-12-05T10:00:00Z", "reason": "killed", "command": "", "epochs_completed": 1}
            """);
        return run;
    }

    private static long ReadStep(string run)
    {
        using var trained = TrainedModel.Load(RunFolders.CheckpointOf(run));
        return CheckpointStore.ReadManifest(RunFolders.CheckpointOf(run))["step"]!.GetValue<long>();
    }

    [TestCaseSource(nameof(EveryStep))]
    public void Given_A_Save_Over_A_Checkpoint_Killed_After_Any_Step_Then_Every_Reader_Loads_The_Old_Or_The_New_Model(int stepsRun)
    {
        using var scope = NewDisposeScope();
        using var temp = new TempFolder();
        var run = RunFolderWithRecord(temp);
        CheckpointStore.Save(Path.Combine(run, RunFolder.CheckpointName), Saved(1));

        CheckpointStore.SaveSteps(Path.Combine(run, RunFolder.CheckpointName), Saved(7), stepsRun);
        var listed = RunFolders.Read(run);
        var step = ReadStep(run);

        var newOneInPlace = stepsRun > CheckpointStore.SaveStepNames(Saved(1)).ToList().IndexOf("retire the old checkpoint");
        Assert.Multiple(() =>
        {
            Assert.That(step, Is.EqualTo(newOneInPlace ? 7 : 1), $"killed after {stepsRun} steps");
            Assert.That(listed.Checkpoint, Is.EqualTo(Path.Combine(run, RunFolder.CheckpointName)), "runs and compare see the checkpoint");
            Assert.That(listed.Problems, Is.Empty);
            Assert.That(Directory.GetFileSystemEntries(run).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { RunFolder.CheckpointName, RunJournal.FileName }), "nothing stale remains");
        });
    }

    [TestCaseSource(nameof(EveryStep))]
    public void Given_A_First_Save_Killed_After_Any_Step_Then_Every_Reader_Loads_The_Complete_Copy_Or_Says_None_Was_Saved(int stepsRun)
    {
        using var scope = NewDisposeScope();
        using var temp = new TempFolder();
        var run = RunFolderWithRecord(temp);

        CheckpointStore.SaveSteps(Path.Combine(run, RunFolder.CheckpointName), Saved(7), stepsRun);

        var complete = stepsRun > CheckpointStore.SaveStepNames(Saved(1)).ToList().IndexOf($"write {CheckpointStore.ManifestFile}");
        if (complete)
            Assert.That(ReadStep(run), Is.EqualTo(7));
        else
            Assert.That(() => RunFolders.CheckpointOf(run), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("it stopped before saving one"));
        Assert.That(Directory.GetFileSystemEntries(run).Select(Path.GetFileName).Order(),
            Is.EqualTo(complete ? new[] { RunFolder.CheckpointName, RunJournal.FileName } : [RunJournal.FileName]), "a first save's staging folder is removed");
    }

    [Test]
    public void Given_A_Kill_Between_The_Two_Renames_Then_The_Checkpoint_Folder_Named_Directly_Loads_Too()
    {
        using var scope = NewDisposeScope();
        using var temp = new TempFolder();
        var run = RunFolderWithRecord(temp);
        var checkpoint = Path.Combine(run, RunFolder.CheckpointName);
        CheckpointStore.Save(checkpoint, Saved(1));
        var names = CheckpointStore.SaveStepNames(Saved(1)).ToList();
        CheckpointStore.SaveSteps(checkpoint, Saved(7), names.IndexOf("retire the old checkpoint") + 1);
        Assert.That(Directory.Exists(checkpoint), Is.False, "the instant of the kill: both copies beside, none in place");

        using var trained = TrainedModel.Load(RunFolders.CheckpointOf(checkpoint));

        Assert.That(CheckpointStore.ReadManifest(checkpoint)["step"]!.GetValue<long>(), Is.EqualTo(7));
    }
}
