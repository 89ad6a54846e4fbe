using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Models;
using Mnist.Functional.Onnx;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Reports;
using Mnist.Functional.Runs;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// A model composed in C# and trained through <see cref="Run"/>, as a script outside the repository would: every command
/// takes its run folder, which holds the architecture, so none needs the code that made it, and its ONNX export classifies
/// the test digits in ONNX Runtime as the library does.
/// </summary>
[Category("RealData")]
public sealed class OwnModelCommandsTests
{
    private const int TrainItems = 1024, TestItems = 500;

    // In no zoo: a residual block with batch norm, average pooling and a leaky ReLU.
    private static readonly ZooModel Mine = new(
        "mine", "my own net",
        Sequential(
            Conv2d(1, 8, 3, padding: 1), BatchNorm2d(8), LeakyRelu(0.1),
            Residual(Sequential(Conv2d(8, 8, 3, padding: 1), BatchNorm2d(8), LeakyRelu(0.1))),
            AvgPool2d(2), Flatten(), Linear(8 * 14 * 14, 10)),
        new Recipe(OptimizerKind.Adam, 1e-3, ScheduleKind.Constant, BatchSize: 128, Epochs: 1));

    private DirectoryInfo temp = null!;
    private string folder = null!;
    private RunResult twoEpochs = null!;
    private Dataset mnist = null!;

    [OneTimeSetUp]
    public async Task TrainMine()
    {
        temp = Directory.CreateTempSubdirectory("mnist-app-own-");
        folder = Path.Combine(temp.FullName, "mine");
        mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        var spec = RunSpec.Of(Mine) with { TrainItems = TrainItems, TestItems = TestItems, Seed = 5 };
        using (Run.Execute(spec with { Folder = folder }, mnist)) { }
        twoEpochs = Run.Execute(spec with { Recipe = spec.Recipe with { Epochs = 2 } }, mnist);
    }

    [OneTimeTearDown]
    public void Clean()
    {
        twoEpochs.Dispose();
        mnist.Dispose();
        temp.Delete(recursive: true);
    }

    [Test]
    public async Task Evaluate_Gives_The_Accuracy_The_Run_Recorded()
    {
        var result = await AppRunner.RunAsync("evaluate", "--checkpoint", folder, "--json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(JsonNode.Parse(result.Output)!["test"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(RunJournal.Read(folder).TestAccuracy));
    }

    [Test]
    public async Task Predict_Export_Runs_And_Compare_Take_The_Folder()
    {
        var image = Path.Combine(temp.FullName, "digit.png");
        File.WriteAllBytes(image, GreyPng.Encode(mnist.Test.Images[0].data<byte>().ToArray(), 28, 28));
        var onnx = Path.Combine(temp.FullName, "mine.onnx");

        var predict = await AppRunner.RunAsync("predict", "--checkpoint", folder, "--json", image);
        var export = await AppRunner.RunAsync("export", "--checkpoint", folder, "--format", "onnx", "--out", onnx);
        var runs = await AppRunner.RunAsync("runs", folder);
        var compare = await AppRunner.RunAsync("compare", folder, Path.Combine(folder, "checkpoint"), "--out", Path.Combine(temp.FullName, "compare.html"));

        Assert.Multiple(() =>
        {
            Assert.That(predict.ExitCode, Is.EqualTo(ExitCodes.Success), predict.Error);
            Assert.That(export.ExitCode, Is.EqualTo(ExitCodes.Success), export.Error);
            Assert.That(OnnxExport.Load(onnx).MetadataProps.Single(entry => entry.Key == "model").Value, Is.EqualTo("mine"));
            var (runtime, library) = OnnxClasses.Of(onnx, folder, mnist);
            Assert.That(runtime, Is.EqualTo(library).And.Length.EqualTo(TestItems), "ONNX Runtime gives every test digit the library's class");
            Assert.That(runs.ExitCode, Is.EqualTo(ExitCodes.Success), runs.Error);
            Assert.That(runs.Output, Does.Contain(" mine "));
            Assert.That(compare.ExitCode, Is.EqualTo(ExitCodes.Success), compare.Error);
        });
    }

    [Test]
    public async Task Train_Resume_Goes_On_To_What_An_Uninterrupted_Run_Gives()
    {
        var resumedFolder = Path.Combine(temp.FullName, "resumed");
        FolderCopy.Copy(folder, resumedFolder);

        var result = await AppRunner.RunAsync("train", "--resume", Path.Combine(resumedFolder, "checkpoint"), "--epochs", "2", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.Parse(result.Output)!["test"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(twoEpochs.Test!.Accuracy));
            Assert.That(JsonNode.Parse(result.Output)!["test"]!["loss"]!.GetValue<double>(), Is.EqualTo(twoEpochs.Test!.Loss));
        });
    }
}
