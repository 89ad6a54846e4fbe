using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>The run pipeline on the first few hundred MNIST digits: one test-set evaluation at the end, the run folder and its <c>run.json</c>.</summary>
[Category("RealData")]
public sealed class RunTests
{
    private const int TestItems = 100;   // no training batch has this size, so a forward pass over 100 digits is a test-set evaluation
    private Dataset mnist = null!;

    [OneTimeSetUp]
    public async Task LoadMnist() => mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);

    [OneTimeTearDown]
    public void FreeMnist() => mnist.Dispose();

    [TestCase(true, 2)]
    [TestCase(false, 1)]
    public void The_Test_Split_Is_Evaluated_Once_With_The_Final_Parameters(bool testEachEpoch, int expectedPasses)
    {
        var passes = 0;
        var counted = new ZooModel("counted-mlp", "the zoo's mlp behind a layer that counts test-set passes",
            Sequential(new Lambda("count", x => { if (x.shape[0] == TestItems) passes++; return x; }), Zoo.Mlp.Network), Zoo.Mlp.Recipe);
        var spec = new RunSpec(counted, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 2 }, Seed: 5)
        {
            TrainItems = 256,
            TestItems = TestItems,
            TestEachEpoch = testEachEpoch,
        };

        using var result = Run.Execute(spec, mnist);

        Assert.Multiple(() =>
        {
            Assert.That(passes, Is.EqualTo(expectedPasses), "one pass per epoch's curve point, and none again at the end");
            Assert.That(result.Test!.Count, Is.EqualTo(TestItems));
            Assert.That(result.History.Epochs, Has.Count.EqualTo(2));
            if (testEachEpoch)
                Assert.That(result.History.Last!.TestAccuracy, Is.EqualTo(result.Test.Accuracy), "the last epoch's figure is the final one");
            Assert.That(result.Timings.EvaluationSeconds, Is.GreaterThan(0));
            Assert.That(result.Spec.Normalisation, Is.EqualTo(mnist.Stats), "the spec as run says how its inputs were normalised");
            Assert.That(result.State, Is.Not.Null);
        });
    }

    [Test]
    public void The_Pipeline_Gives_The_Same_Figures_As_The_Fold_Wired_By_Hand()
    {
        var spec = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 1 }, Seed: 2) { TrainItems = 256, TestItems = TestItems };
        using var result = Run.Execute(spec, mnist);

        using var train = mnist.Train.Take(TorchSharp.torch.arange(256));
        using var test = mnist.Test.Take(TorchSharp.torch.arange(TestItems));
        var pipeline = train.Shuffle(2).Batch(64).Select(mnist.Preprocessing);
        var fit = Train.Fit(spec.Recipe.SetupFor(Zoo.Mlp.Network, pipeline.BatchesPerEpoch, 2), pipeline);
        using var state = fit.State;
        var byHand = Mnist.Functional.Evaluation.Evaluator.Predict(Zoo.Mlp.Network, state.Variables, test.Images, test.Labels, mnist.Info.ClassNames, preprocess: mnist.Preprocessing);

        Assert.Multiple(() =>
        {
            Assert.That(result.History.StepLosses, Is.EqualTo(state.History.StepLosses));
            Assert.That(result.Test!.Loss, Is.EqualTo(byHand.Loss));
            Assert.That(result.Test.Probabilities, Is.EqualTo(byHand.Probabilities));
        });
    }

    [Test]
    public void A_Finished_Run_Leaves_Its_Record_Checkpoint_And_Spec_In_Its_Folder()
    {
        using var temp = new TempFolder();
        var spec = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 1 }, Seed: 3)
        {
            TrainItems = 256,
            TestItems = TestItems,
            Folder = temp.File("run"),
        };
        RunJournal? whileRunning = null;

        using var result = Run.Execute(spec, mnist, new RunOptions { Command = "mnist train --model mlp", OnFolder = folder => whileRunning = RunJournal.Read(folder.Path) });
        var record = RunJournal.Read(temp.File("run"));

        Assert.Multiple(() =>
        {
            Assert.That(whileRunning!.State, Is.EqualTo(RunState.Running));
            Assert.That(whileRunning.EndedUtc, Is.Null);
            Assert.That(record.State, Is.EqualTo(RunState.Finished));
            Assert.That(record.Reason, Is.EqualTo("Trained 1 epoch."));
            Assert.That(record.Command, Is.EqualTo("mnist train --model mlp"));
            Assert.That(record.EndedUtc, Is.GreaterThanOrEqualTo(record.StartedUtc));
            Assert.That(record.TestAccuracy, Is.EqualTo(result.Test!.Accuracy));
            Assert.That(record.EpochsCompleted, Is.EqualTo(1));
            Assert.That(record.Spec, Is.EqualTo(result.Spec with { Folder = null }));
            Assert.That(Run.SpecOf(result.Folder!.Checkpoint), Is.EqualTo(result.Spec with { Folder = null }), "the checkpoint saves the spec itself");
            Assert.That(File.ReadAllText(result.Folder.Record), Does.Contain("\"schema_version\": 2").And.Contain("\"library_version\""));
        });
    }

    [Test]
    public void A_Cancelled_Run_Is_Interrupted_And_Is_Not_Evaluated()
    {
        using var temp = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        var spec = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 2 }, Seed: 3)
        {
            TrainItems = 256,
            TestItems = TestItems,
            Folder = temp.File("run"),
        };

        using var result = Run.Execute(spec, mnist, new RunOptions { Observers = [new CancelAtStep(2, cancellation)] }, cancellation.Token);
        var record = RunJournal.Read(temp.File("run"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Reason, Is.EqualTo(StopReason.Cancelled));
            Assert.That(result.Test, Is.Null);
            Assert.That(record.State, Is.EqualTo(RunState.Interrupted));
            Assert.That(record.Reason, Does.Contain("Cancelled after step 2"));
            Assert.That(File.Exists(Path.Combine(result.Folder!.Checkpoint, CheckpointStore.ManifestFile)), Is.True, "the checkpoint to resume from");
            Assert.That(record.TrainingSeconds, Is.GreaterThan(0), "the two steps of the cut epoch trained");
            Assert.That(RunFolders.Read(temp.File("run")).TrainingSeconds, Is.EqualTo(record.TrainingSeconds), "what 'mnist runs' shows");
        });
    }

    [Test]
    public void A_Run_Whose_Loss_Becomes_NaN_Has_Failed()
    {
        using var temp = new TempFolder();
        var broken = new ZooModel("nan", "gives NaN scores", Sequential(Zoo.Mlp.Network, new Lambda("nan", x => x * double.NaN)), Zoo.Mlp.Recipe);
        var spec = new RunSpec(broken, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 1 }) { TrainItems = 128, TestItems = TestItems, Folder = temp.File("run") };

        using var result = Run.Execute(spec, mnist);
        var record = Written(temp.File("run"));   // read as JSON: the model is not the zoo's, so the spec does not read back

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Reason, Is.EqualTo(StopReason.NonFiniteLoss));
            Assert.That((string?)record["state"], Is.EqualTo("failed"));
            Assert.That((string?)record["reason"], Does.Contain("NaN at step 1"));
            Assert.That(RunResultJson.Find(record, "results.test.loss"), Is.Null, "JSON has no NaN");
        });
    }

    [Test]
    public void A_Run_That_Throws_Is_Written_Down_As_Failed_With_The_Reason()
    {
        using var temp = new TempFolder();
        var wrong = new ZooModel("wrong", "expects 3 channels", Sequential(Conv2d(3, 4, 3), Flatten(), Linear(4 * 26 * 26, 10)), Zoo.Mlp.Recipe);
        var spec = new RunSpec(wrong, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 1 }) { TrainItems = 128, TestItems = TestItems, Folder = temp.File("run") };

        Assert.That(() => Run.Execute(spec, mnist), Throws.InstanceOf<ShapeMismatchException>());
        var record = Written(temp.File("run"));

        Assert.Multiple(() =>
        {
            Assert.That((string?)record["state"], Is.EqualTo("failed"));
            Assert.That((string?)record["reason"], Does.Contain("expects input"));
            Assert.That(record["ended_utc"], Is.Not.Null);
        });
    }

    [Test]
    public void Early_Stopping_From_The_Spec_Watches_The_Validation_Loss()
    {
        var frozen = Zoo.Mlp.Recipe with { LearningRate = 1e-12, BatchSize = 64, Epochs = 10 };
        var spec = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, frozen, Seed: 1) { TrainItems = 256, TestItems = TestItems, ValidationSize = 64, EarlyStoppingPatience = 1, TestEachEpoch = false };

        using var result = Run.Execute(spec, mnist);

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop.Reason, Is.EqualTo(StopReason.StoppedByObserver));
            Assert.That(result.Stop.Message, Does.StartWith("validation loss has not improved"));
            Assert.That(result.History.Epochs.Count, Is.LessThan(10));
        });
    }

    [Test]
    public void A_Run_Resumed_From_Its_Checkpoint_Ends_Where_An_Uninterrupted_One_Does()
    {
        using var temp = new TempFolder();
        var twoEpochs = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 2 }, Seed: 4) { TrainItems = 256, TestItems = TestItems };
        using var straight = Run.Execute(twoEpochs, mnist);
        using (Run.Execute(twoEpochs with { Recipe = twoEpochs.Recipe with { Epochs = 1 }, Folder = temp.File("run") }, mnist)) { }

        var checkpoint = Path.Combine(temp.File("run"), RunFolder.CheckpointName);
        var saved = Run.SpecOf(checkpoint);
        using var resumed = Run.Execute(saved with { Recipe = saved.Recipe with { Epochs = 2 }, Folder = temp.File("run") }, mnist, new RunOptions { ResumeFrom = checkpoint });

        var record = RunJournal.Read(temp.File("run"));
        Assert.Multiple(() =>
        {
            Assert.That(resumed.History.StepLosses, Is.EqualTo(straight.History.StepLosses));
            Assert.That(resumed.Test!.Probabilities, Is.EqualTo(straight.Test!.Probabilities));
            Assert.That(record.EpochsCompleted, Is.EqualTo(2));
            Assert.That(resumed.Timings.TrainingSeconds, Is.EqualTo(resumed.History.TrainingSeconds), "both sessions' epochs");
            Assert.That(resumed.Timings.TotalSeconds, Is.GreaterThanOrEqualTo(resumed.Timings.TrainingSeconds), "the total counts the first session too");
            Assert.That(record.TotalSeconds, Is.EqualTo(resumed.Timings.TotalSeconds));
        });
    }

    [Test]
    public void A_Resumed_Runs_Total_Time_Is_Never_Below_Its_Training_Time_On_Any_Page_Or_In_Its_Record()
    {
        using var temp = new TempFolder();
        var folder = temp.File("run");
        var oneEpoch = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 1 }, Seed: 4) { TrainItems = 2048, TestItems = TestItems, Folder = folder };
        using (Run.Execute(oneEpoch, mnist)) { }
        // A record that kept less than the checkpoint trained, as an older build or a damaged record can leave.
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, RunJournal.FileName)))!;
        record["results"]!["timing"]!["total_seconds"] = 0.001;
        File.WriteAllText(Path.Combine(folder, RunJournal.FileName), record.ToJsonString());
        var checkpoint = Path.Combine(folder, RunFolder.CheckpointName);
        var saved = Run.SpecOf(checkpoint);
        var pages = new RecordingPages();

        using var resumed = Run.Execute(saved with { Recipe = saved.Recipe with { Epochs = 3 }, Folder = folder }, mnist, new RunOptions { ResumeFrom = checkpoint, Report = pages });

        Assert.Multiple(() =>
        {
            Assert.That(resumed.Timings.TotalSeconds, Is.GreaterThanOrEqualTo(resumed.Timings.TrainingSeconds), "the run's result");
            Assert.That(RunJournal.Read(folder).TotalSeconds, Is.EqualTo(resumed.Timings.TotalSeconds), "run.json");
            Assert.That(pages.Written, Has.Count.EqualTo(3), "a page after each of the two epochs and one at the end");
            Assert.That(pages.Written.Where(page => page.Timings.TotalSeconds < page.Timings.TrainingSeconds), Is.Empty, "every page");
            Assert.That(pages.Written.Where(page => page.Timings.TotalSeconds > resumed.Timings.TotalSeconds), Is.Empty,
                "no page while the run goes on shows more than the run took in the end (the earlier training counted twice)");
        });
    }

    [Test]
    public void A_Speedrun_Run_Cancelled_Mid_Epoch_And_Resumed_Ends_Bit_For_Bit_Where_An_Uninterrupted_One_Does()
    {
        // One-cycle Adam with the recipe's own β: the checkpoint must bring back both the schedule's place and the β.
        using var temp = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        var spec = new RunSpec(Zoo.Speedrun, DatasetCatalog.Mnist, Zoo.Speedrun.Recipe with { BatchSize = 64 }, Seed: 5) { TrainItems = 512, TestItems = TestItems };
        using var straight = Run.Execute(spec, mnist);
        using (Run.Execute(spec with { Folder = temp.File("run") }, mnist, new RunOptions { Observers = [new CancelAtStep(3, cancellation)] }, cancellation.Token)) { }

        var checkpoint = Path.Combine(temp.File("run"), RunFolder.CheckpointName);
        var saved = Run.SpecOf(checkpoint);
        using var resumed = Run.Execute(saved with { Folder = temp.File("run") }, mnist, new RunOptions { ResumeFrom = checkpoint });

        Assert.Multiple(() =>
        {
            Assert.That(saved.Recipe, Is.EqualTo(spec.Recipe), "the β are saved with the run");
            Assert.That(resumed.History.StepLosses, Is.EqualTo(straight.History.StepLosses));
            Assert.That(resumed.Test!.Probabilities, Is.EqualTo(straight.Test!.Probabilities));
        });
    }

    [Test]
    public void A_Resume_Refused_Because_The_Checkpoint_Is_Damaged_Leaves_The_Runs_Record_As_It_Was()
    {
        using var temp = new TempFolder();
        var oneEpoch = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 1 }, Seed: 4) { TrainItems = 256, TestItems = TestItems, Folder = temp.File("run") };
        using (Run.Execute(oneEpoch, mnist)) { }
        var checkpoint = Path.Combine(temp.File("run"), RunFolder.CheckpointName);
        var before = File.ReadAllText(Path.Combine(temp.File("run"), RunJournal.FileName));
        using (var model = File.OpenWrite(Path.Combine(checkpoint, CheckpointStore.ModelFile))) model.WriteByte(0x7B); // checksum no longer matches

        Assert.Multiple(() =>
        {
            Assert.That(() => Run.Execute(oneEpoch with { Recipe = oneEpoch.Recipe with { Epochs = 2 } }, mnist, new RunOptions { ResumeFrom = checkpoint }),
                Throws.InstanceOf<InvalidDataException>());
            Assert.That(File.ReadAllText(Path.Combine(temp.File("run"), RunJournal.FileName)), Is.EqualTo(before));
            Assert.That(RunJournal.Read(temp.File("run")).State, Is.EqualTo(RunState.Finished));
        });
    }

    private static System.Text.Json.Nodes.JsonObject Written(string folder) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, RunJournal.FileName)))!.AsObject();

    private sealed class CancelAtStep(long step, CancellationTokenSource cancellation) : ITrainingObserver
    {
        public Verdict OnStep(StepReport report)
        {
            if (report.Step == step) cancellation.Cancel();
            return Verdict.Continue;
        }
    }
    [Test]
    public void A_Run_With_A_Folder_Writes_The_Whole_Folder_And_Its_Page_After_Every_Epoch_And_At_The_End()
    {
        using var temp = new TempFolder();
        var spec = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64, Epochs = 2 }, Seed: 4)
        {
            TrainItems = 256,
            TestItems = TestItems,
            Folder = temp.File("run"),
        };
        var pages = new RecordingPages();
        var starts = new RecordingStarts();

        using var result = Run.Execute(spec, mnist, new RunOptions { Report = pages, Observers = [starts], Command = "mnist train --model mlp" });
        var folder = result.Folder!;

        Assert.Multiple(() =>
        {
            Assert.That(new[] { folder.Record, folder.Metrics, folder.History, Path.Combine(folder.Checkpoint, "checkpoint.json") }.Where(file => !File.Exists(file)), Is.Empty);
            Assert.That(File.ReadAllLines(folder.History), Has.Length.EqualTo(1 + 2), "a header and a line per epoch");
            Assert.That(pages.Written.Select(page => (page.State, page.History.Epochs.Count)),
                Is.EqualTo(new[] { (RunState.Running, 1), (RunState.Running, 2), (RunState.Finished, 2) }), "a page after each epoch and one when the run ends");
            Assert.That(pages.Written.Select(page => page.Path).Distinct(), Is.EqualTo(new[] { folder.Report }));
            Assert.That(pages.Written[^1].Test.Accuracy, Is.EqualTo(result.Test!.Accuracy), "the last page shows the final evaluation");
            Assert.That(pages.Written[^1].Command, Is.EqualTo("mnist train --model mlp"));
            Assert.That(starts.Seen, Is.EqualTo(new[] { new FitStart(2, 4, 0) }), "the observer is told the run's length once, before the first step");
        });
    }

    private sealed class RecordingPages : IRunReportWriter
    {
        public List<(RunState State, History History, Evaluation.Predictions Test, string Command, string Path, RunTimings Timings)> Written { get; } = [];

        public void Write(RunSnapshot run, string path) => Written.Add((run.State, run.History, run.Test, run.Command, path, run.Timings));
    }

    private sealed class RecordingStarts : ITrainingObserver
    {
        public List<FitStart> Seen { get; } = [];

        public void OnStart(FitStart start) => Seen.Add(start);
    }
}
