using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.Functional.Runs.Tests.Runs;

/// <summary>
/// A model of the user's own and an optimizer chain of the user's own through the run pipeline on a few hundred MNIST
/// digits: the run folder holds what rebuilds them, so loading, evaluating and resuming need no code and no zoo.
/// </summary>
[Category("RealData")]
public sealed class OwnModelRunTests
{
    private const int TestItems = 100;
    private Dataset mnist = null!;

    /// <summary>In no zoo: a residual block with batch norm, average pooling and a leaky ReLU.</summary>
    internal static readonly ZooModel Mine = new(
        "mine", "my own net",
        Sequential(
            Conv2d(1, 8, 3, padding: 1), BatchNorm2d(8), LeakyRelu(0.1),
            Residual(Sequential(Conv2d(8, 8, 3, padding: 1), BatchNorm2d(8), LeakyRelu(0.1))),
            AvgPool2d(2), Flatten(), Linear(8 * 14 * 14, 10)),
        new Recipe(OptimizerKind.Adam, 1e-3, ScheduleKind.Constant, BatchSize: 64, Epochs: 1));

    /// <summary>Not one of the five names: clipping by global norm, then weight decay and SGD with Nesterov momentum, one-cycle.</summary>
    internal static readonly OptimizerPlan ClippedNesterov =
        new([new ClipByGlobalNorm(1), new AddDecayedWeights(5e-4), new Trace(0.9, Nesterov: true)], new SchedulePlan.OneCycle(0.1));

    [OneTimeSetUp]
    public async Task LoadMnist() => mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);

    [OneTimeTearDown]
    public void FreeMnist() => mnist.Dispose();

    [Test]
    public void A_Run_Of_A_Model_In_No_Zoo_Loads_From_Its_Folder_And_Evaluates_To_What_The_Run_Reported()
    {
        using var temp = new TempFolder();
        var spec = RunSpec.Of(Mine) with { TrainItems = 256, TestItems = TestItems, Folder = temp.File("mine") };

        using var result = Run.Execute(spec, mnist);
        using var trained = TrainedModel.Load(result.Folder!.Checkpoint);
        var (test, _) = Run.EvaluateTest(trained, mnist);
        var record = RunJournal.Read(temp.File("mine"));

        Assert.Multiple(() =>
        {
            Assert.That(trained.Model.Name, Is.EqualTo("mine"));
            Assert.That(trained.Model.Network, Is.EqualTo(Mine.Network), "built from the architecture the checkpoint saved");
            Assert.That(trained.Spec, Is.EqualTo(result.Spec with { Folder = null, Model = trained.Model }));
            Assert.That(test.Accuracy, Is.EqualTo(result.Test!.Accuracy));
            Assert.That(test.Probabilities, Is.EqualTo(result.Test.Probabilities));
            Assert.That(record.Spec.Model.Network, Is.EqualTo(Mine.Network), "run.json describes it too");
            Assert.That(record.TestAccuracy, Is.EqualTo(result.Test.Accuracy));
        });
    }

    [Test]
    public void A_Model_In_No_Zoo_Trained_With_An_Optimizer_Chain_Resumes_Bit_For_Bit()
    {
        using var temp = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        var spec = new RunSpec(Mine, DatasetCatalog.Mnist, Recipe.Of(ClippedNesterov, batchSize: 64, epochs: 2), Seed: 3) { TrainItems = 256, TestItems = TestItems };
        using var straight = Run.Execute(spec, mnist);
        using (Run.Execute(spec with { Folder = temp.File("run") }, mnist, new RunOptions { Observers = [new CancelAtStep(6, cancellation)] }, cancellation.Token)) { }

        var checkpoint = Path.Combine(temp.File("run"), RunFolder.CheckpointName);
        var saved = Run.SpecOf(checkpoint);
        using var resumed = Run.Execute(saved with { Folder = temp.File("run") }, mnist, new RunOptions { ResumeFrom = checkpoint });

        Assert.Multiple(() =>
        {
            Assert.That(saved.Recipe, Is.EqualTo(spec.Recipe), "the optimizer plan is saved with the run");
            Assert.That(saved.Recipe.Plan, Is.EqualTo(ClippedNesterov));
            Assert.That(saved.Model.Network, Is.EqualTo(Mine.Network));
            Assert.That(resumed.History.StepLosses, Is.EqualTo(straight.History.StepLosses));
            Assert.That(resumed.Test!.Probabilities, Is.EqualTo(straight.Test!.Probabilities));
        });
    }

    [Test]
    public void A_Zoo_Model_Run_Reads_Back_As_The_Zoos_Own_Model()
    {
        using var temp = new TempFolder();
        var spec = new RunSpec(Zoo.Mlp, DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64 }, Seed: 2) { TrainItems = 128, TestItems = TestItems, Folder = temp.File("run") };

        using var result = Run.Execute(spec, mnist);

        Assert.That(Run.SpecOf(result.Folder!.Checkpoint).Model, Is.SameAs(Zoo.Mlp));
    }

    [Test]
    public void A_Run_Written_Before_Architectures_Were_Saved_Loads_Its_Zoo_Model_By_Name()
    {
        using var temp = new TempFolder();
        var spec = new RunSpec(Zoo.LeNet5, DatasetCatalog.Mnist, Zoo.LeNet5.Recipe with { BatchSize = 64, Epochs = 1 }, Seed: 2) { TrainItems = 128, TestItems = TestItems, Folder = temp.File("run") };
        using var result = Run.Execute(spec, mnist);
        var checkpoint = result.Folder!.Checkpoint;
        // The earlier form: the model's name alone, in the checkpoint's manifest and in run.json.
        Rewrite(Path.Combine(checkpoint, CheckpointStore.ManifestFile), json => json["metadata"]!["config"]!.AsObject().Remove(RunModelJson.ArchitectureField));
        Rewrite(Path.Combine(temp.File("run"), RunJournal.FileName), json => json["spec"]!.AsObject().Remove(RunModelJson.ArchitectureField));

        using var trained = TrainedModel.Load(checkpoint);
        var record = RunJournal.Read(temp.File("run"));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(checkpoint, CheckpointStore.ManifestFile)), Does.Not.Contain(RunModelJson.ArchitectureField));
            Assert.That(trained.Model, Is.SameAs(Zoo.LeNet5));
            Assert.That(Run.EvaluateTest(trained, mnist).Test.Probabilities, Is.EqualTo(result.Test!.Probabilities));
            Assert.That(record.Spec.Model, Is.SameAs(Zoo.LeNet5));
            Assert.That(Run.SpecOf(checkpoint) with { Folder = null }, Is.EqualTo(result.Spec with { Folder = null }));
        });
    }

    private static void Rewrite(string file, Action<JsonNode> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(file))!;
        change(json);
        File.WriteAllText(file, json.ToJsonString());
    }

    [Test]
    public void A_Model_With_A_CSharp_Function_Trains_And_Its_Checkpoint_Loads_With_The_Network_Given()
    {
        using var temp = new TempFolder();
        var network = Sequential(Flatten(), Linear(784, 32), new Lambda("square", x => x * x), Linear(32, 10));
        var spec = new RunSpec(new ZooModel("squares", "a Lambda inside", network, Zoo.Mlp.Recipe), DatasetCatalog.Mnist, Zoo.Mlp.Recipe with { BatchSize = 64 }, Seed: 2)
        {
            TrainItems = 128,
            TestItems = TestItems,
            Folder = temp.File("run"),
        };

        using var result = Run.Execute(spec, mnist);
        var checkpoint = result.Folder!.Checkpoint;

        Assert.Multiple(() =>
        {
            Assert.That(() => TrainedModel.Load(checkpoint), Throws.InstanceOf<InvalidDataException>()
                .With.Message.Contains("the model 'squares' is not in this library's zoo")
                .And.Message.Contains("TrainedModel.Load(folder, network)")
                .And.Message.Not.Contains("changed or damaged"));
            using var trained = TrainedModel.Load(checkpoint, network);
            Assert.That(Run.EvaluateTest(trained, mnist).Test.Accuracy, Is.EqualTo(result.Test!.Accuracy));
        });
    }

    private sealed class CancelAtStep(long step, CancellationTokenSource cancellation) : ITrainingObserver
    {
        public Verdict OnStep(StepReport report)
        {
            if (report.Step == step) cancellation.Cancel();
            return Verdict.Continue;
        }
    }
}
