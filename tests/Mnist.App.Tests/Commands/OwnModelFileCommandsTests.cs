using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Testing;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// A model in no zoo, from docs/own-model.md's hand-written architecture file (a residual block, batch norm, average pooling
/// and a leaky ReLU), trained from the command line with an optimizer chain that is not one of the five names (clipping by
/// global norm, then SGD with Nesterov momentum) from a file: every command takes its run, ONNX Runtime agrees with the
/// library on its test digits, and <c>train --resume</c> goes on to what an uninterrupted run gives, to the bit. Each
/// command runs in its own process, as a user's would.
/// </summary>
[NonParallelizable]
[Category("RealData")]
public sealed class OwnModelFileCommandsTests
{
    private const int TestItems = 300;
    private static readonly OptimizerPlan ClippedNesterov = new([new ClipByGlobalNorm(1), new Trace(0.9, Nesterov: true)], new SchedulePlan.Constant(0.05));
    private static readonly string[] Settings =
        ["--model-file", "mine.json", "--optimizer-file", "clipped.json", "--train-items", "512", "--test-items", $"{TestItems}", "--batch-size", "64", "--seed", "4"];

    private DirectoryInfo temp = null!;
    private Dataset mnist = null!;
    private (int ExitCode, string Output, string Error) straight, resumed;

    private string Folder(string name) => Path.Combine(temp.FullName, name);

    private Task<(int ExitCode, string Output, string Error)> Command(params string[] args) => AppRunner.InOwnProcessInAsync(temp.FullName, args);

    [OneTimeSetUp]
    public async Task TrainMineOneEpochTwoEpochsAndResumed()
    {
        temp = Directory.CreateTempSubdirectory("mnist-app-own-file-");
        File.WriteAllText(Folder("mine.json"), ReadmeCode.Fenced("docs/own-model.md", "## From the command line", 1));
        File.WriteAllText(Folder("clipped.json"), OptimizerJson.Write(ClippedNesterov));
        mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);

        // Planned for two epochs and stopped after the first by a time budget it cannot meet: a run to resume, stopped at an
        // epoch's end whatever the machine's speed.
        var one = await Command(["train", .. Settings, "--epochs", "2", "--time-budget", "0.001", "--out", "mine"]);
        Assert.That(one.ExitCode, Is.EqualTo(ExitCodes.Success), one.Error);
        Assert.That(RunJournal.Read(Folder("mine")).EpochsCompleted, Is.EqualTo(1), one.Error);
        straight = await Command(["train", .. Settings, "--epochs", "2", "--out", "straight", "--json"]);
        Assert.That(straight.ExitCode, Is.EqualTo(ExitCodes.Success), straight.Error);
        FolderCopy.Copy(Folder("mine"), Folder("resumed"));
        resumed = await Command("train", "--resume", Path.Combine("resumed", RunFolder.CheckpointName), "--time-budget", "100000", "--json");
        Assert.That(resumed.ExitCode, Is.EqualTo(ExitCodes.Success), resumed.Error);
    }

    [OneTimeTearDown]
    public void Clean()
    {
        mnist.Dispose();
        temp.Delete(recursive: true);
    }

    [Test]
    public void The_Run_Is_The_Files_Model_Trained_With_The_Files_Optimizer_Chain()
    {
        var spec = Run.SpecOf(Path.Combine(Folder("mine"), RunFolder.CheckpointName));

        Assert.Multiple(() =>
        {
            Assert.That(spec.Model.Name, Is.EqualTo("mine"));
            Assert.That(ArchitectureJson.Write(spec.Network), Does.Contain("\"kind\": \"residual\"").And.Contain("\"kind\": \"avg_pool2d\"").And.Contain("\"kind\": \"leaky_relu\""));
            Assert.That(spec.Recipe.Plan, Is.EqualTo(ClippedNesterov), "the checkpoint holds the chain");
        });
    }

    [Test]
    public async Task Evaluate_Gives_The_Accuracy_The_Run_Reported()
    {
        var result = await Command("evaluate", "--checkpoint", "mine", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(JsonNode.Parse(result.Output)!["test"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(RunJournal.Read(Folder("mine")).TestAccuracy));
    }

    [Test]
    public async Task Predict_Takes_The_Run_And_Its_Onnx_Export_Classifies_The_Test_Digits_As_The_Library_Does()
    {
        File.WriteAllBytes(Folder("digit.png"), GreyPng.Encode(mnist.Test.Images[0].contiguous().data<byte>().ToArray(), 28, 28));

        var predict = await Command("predict", "--checkpoint", "mine", "--json", "digit.png");
        var export = await Command("export", "--checkpoint", "mine", "--format", "onnx", "--out", "mine.onnx");

        Assert.That(predict.ExitCode, Is.EqualTo(ExitCodes.Success), predict.Error);
        Assert.That(export.ExitCode, Is.EqualTo(ExitCodes.Success), export.Error);
        var (runtime, library) = OnnxClasses.Of(Folder("mine.onnx"), Folder("mine"), mnist);
        Assert.That(runtime, Is.EqualTo(library).And.Length.EqualTo(TestItems), "ONNX Runtime gives every test digit the library's class");
    }

    [Test]
    public void Train_Resume_Goes_On_To_What_An_Uninterrupted_Run_Gives_To_The_Bit()
    {
        var (a, b) = (JsonNode.Parse(resumed.Output)!["test"]!, JsonNode.Parse(straight.Output)!["test"]!);
        using var fromResumed = TrainedModel.Load(Path.Combine(Folder("resumed"), RunFolder.CheckpointName));
        using var fromStraight = TrainedModel.Load(Path.Combine(Folder("straight"), RunFolder.CheckpointName));

        Assert.Multiple(() =>
        {
            Assert.That(a["accuracy"]!.GetValue<double>(), Is.EqualTo(b["accuracy"]!.GetValue<double>()));
            Assert.That(a["loss"]!.GetValue<double>(), Is.EqualTo(b["loss"]!.GetValue<double>()));
            TensorAssert.BitIdentical(fromResumed.Variables.Params, fromStraight.Variables.Params);
            TensorAssert.BitIdentical(fromResumed.Variables.State, fromStraight.Variables.State);
            Assert.That(RunJournal.Read(Folder("resumed")).EpochsCompleted, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Runs_Lists_It_And_Compare_Sets_It_Beside_Another()
    {
        var runs = await Command("runs", ".");
        var compare = await Command("compare", "mine", "straight", "--out", "compare.html");

        Assert.Multiple(() =>
        {
            Assert.That(runs.ExitCode, Is.EqualTo(ExitCodes.Success), runs.Error);
            Assert.That(runs.Output.Split('\n').Where(line => line.Contains(" mine ", StringComparison.Ordinal)).ToArray(), Has.Length.EqualTo(3), runs.Output);
            Assert.That(compare.ExitCode, Is.EqualTo(ExitCodes.Success), compare.Error);
            Assert.That(File.Exists(Folder("compare.html")), Is.True);
        });
    }
}
