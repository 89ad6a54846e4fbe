using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Checkpoints;

/// <summary>A save killed at any instant leaves a checkpoint that loads (as it is, or once a load has put it back), and nothing stale stays behind.</summary>
public sealed class CheckpointRecoveryTests
{
    private static readonly Chain Model = new Linear(4, 3).Then(new Linear(3, 2));

    private static Checkpoint Sample(int seed)
    {
        var variables = Model.Init(new Generator((ulong)seed));
        using var generator = new Generator((ulong)seed);
        return new Checkpoint(variables, Params.Empty, Mnist.Functional.Tensors.GeneratorState.Capture(generator), seed, seed * 100L, new JsonObject { ["seed"] = seed });
    }

    private static int LoadedSeed(string directory) =>
        CheckpointStore.Load(directory, Model.Init(new Generator(0)), Params.Empty).Metadata["seed"]!.GetValue<int>();

    private static string[] Entries(TempFolder folder) =>
        Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Where(name => !name!.EndsWith(".lock", StringComparison.Ordinal)).Order().ToArray()!;

    private static int StepCount => CheckpointStore.SaveStepNames(Sample(1)).Count;

    private static IEnumerable<int> EveryStep() => Enumerable.Range(0, StepCount + 1);

    [TestCaseSource(nameof(EveryStep))]
    public void Given_A_Checkpoint_When_A_Save_Over_It_Is_Killed_After_Any_Step_Then_The_Old_Or_The_New_One_Loads_And_Nothing_Stale_Remains(int stepsRun)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        CheckpointStore.Save(folder.File("checkpoint"), Sample(1));

        CheckpointStore.SaveSteps(folder.File("checkpoint"), Sample(7), stepsRun);
        var seed = LoadedSeed(folder.File("checkpoint"));

        var names = CheckpointStore.SaveStepNames(Sample(1));
        var newOneInPlace = stepsRun > names.ToList().IndexOf("retire the old checkpoint");
        Assert.Multiple(() =>
        {
            Assert.That(seed, Is.EqualTo(newOneInPlace ? 7 : 1), $"killed after {stepsRun} steps ({string.Join(", ", names.Take(stepsRun))})");
            Assert.That(Entries(folder), Is.EqualTo(new[] { "checkpoint" }), "the load removed what the killed save left");
        });
    }

    [TestCaseSource(nameof(EveryStep))]
    public void Given_No_Checkpoint_When_The_First_Save_Is_Killed_After_Any_Step_Then_Loading_Finds_The_New_One_Or_Says_There_Is_None(int stepsRun)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();

        CheckpointStore.SaveSteps(folder.File("checkpoint"), Sample(7), stepsRun);

        var complete = stepsRun > CheckpointStore.SaveStepNames(Sample(1)).ToList().IndexOf($"write {CheckpointStore.ManifestFile}");
        if (complete)
            Assert.That(LoadedSeed(folder.File("checkpoint")), Is.EqualTo(7));
        else
            Assert.That(() => LoadedSeed(folder.File("checkpoint")), Throws.TypeOf<FileNotFoundException>());
        Assert.That(Entries(folder), Is.EqualTo(complete ? new[] { "checkpoint" } : []));
    }

    [Test]
    public void Given_A_Kill_Between_The_Two_Renames_When_The_Checkpoint_Folder_Is_Missing_Then_Loading_Puts_The_New_Copy_Back()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        CheckpointStore.Save(folder.File("checkpoint"), Sample(1));
        var names = CheckpointStore.SaveStepNames(Sample(1)).ToList();

        CheckpointStore.SaveSteps(folder.File("checkpoint"), Sample(7), names.IndexOf("retire the old checkpoint") + 1);

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(folder.File("checkpoint")), Is.False, "the instant the issue describes: both copies beside, none in place");
            Assert.That(LoadedSeed(folder.File("checkpoint")), Is.EqualTo(7));
            Assert.That(Entries(folder), Is.EqualTo(new[] { "checkpoint" }));
        });
    }

    [Test]
    public void Given_A_Kill_Between_The_Two_Renames_When_The_New_Copy_Is_Damaged_Then_The_Complete_Old_One_Is_Put_Back()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        CheckpointStore.Save(folder.File("checkpoint"), Sample(1));
        var names = CheckpointStore.SaveStepNames(Sample(1)).ToList();
        CheckpointStore.SaveSteps(folder.File("checkpoint"), Sample(7), names.IndexOf("retire the old checkpoint") + 1);
        var staged = Directory.GetDirectories(folder.Path, "checkpoint.*.tmp").Single();
        File.WriteAllBytes(Path.Combine(staged, CheckpointStore.ModelFile), [1, 2, 3]);

        Assert.Multiple(() =>
        {
            Assert.That(LoadedSeed(folder.File("checkpoint")), Is.EqualTo(1), "the damaged new copy is passed over for the complete old one");
            Assert.That(Entries(folder), Is.EqualTo(new[] { "checkpoint" }));
        });
    }

    [Test]
    public void A_Finished_Save_Leaves_No_Lock_File_Behind()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();

        CheckpointStore.Save(folder.File("checkpoint"), Sample(1));
        CheckpointStore.Save(folder.File("checkpoint"), Sample(2));
        LoadedSeed(folder.File("checkpoint"));

        Assert.That(Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "checkpoint" }));
    }

    [Test]
    public void Given_A_Kill_While_The_Old_Copy_Was_Being_Deleted_Then_The_New_One_Loads_And_The_Remains_Are_Removed()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        CheckpointStore.Save(folder.File("checkpoint"), Sample(1));
        var names = CheckpointStore.SaveStepNames(Sample(1)).ToList();
        CheckpointStore.SaveSteps(folder.File("checkpoint"), Sample(7), names.IndexOf("move the new checkpoint into place") + 1);
        var old = Directory.GetDirectories(folder.Path, "checkpoint.*.old").Single();
        File.Delete(Path.Combine(old, CheckpointStore.ModelFile));

        Assert.Multiple(() =>
        {
            Assert.That(LoadedSeed(folder.File("checkpoint")), Is.EqualTo(7));
            Assert.That(Entries(folder), Is.EqualTo(new[] { "checkpoint" }));
        });
    }

    [Test]
    public void Given_Another_Process_Holds_The_Lock_When_Loading_Then_Its_Staging_Folder_Is_Left_Alone()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        CheckpointStore.Save(folder.File("checkpoint"), Sample(1));
        var live = Directory.CreateDirectory(folder.File("checkpoint.0123456789abcdef.tmp")).FullName;

        using (new FileStream(CheckpointFolder.LockPath(folder.File("checkpoint")), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.That(LoadedSeed(folder.File("checkpoint")), Is.EqualTo(1));
            Assert.That(Directory.Exists(live), Is.True, "a writer holding the lock may still be filling it");
        }

        Assert.That(LoadedSeed(folder.File("checkpoint")), Is.EqualTo(1));
        Assert.That(Directory.Exists(live), Is.False, "once no writer holds the lock it is stale");
    }

    [Test]
    public void Given_A_Writer_Holds_The_Lock_When_A_Complete_Checkpoint_Is_Loaded_Then_The_Reader_Does_Not_Wait()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        CheckpointStore.Save(folder.File("checkpoint"), Sample(1));

        using var held = new FileStream(CheckpointFolder.LockPath(folder.File("checkpoint")), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.That(LoadedSeed(folder.File("checkpoint")), Is.EqualTo(1));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "a reader of a complete checkpoint does not wait for the lock (a missing one waits 10 s)");
    }
}
