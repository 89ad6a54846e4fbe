using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

[Category("RealData")]
public sealed class TrainCommandTests
{
    [Test]
    public async Task Train_With_Json_Prints_One_Document_And_Writes_The_Run_Files()
    {
        var result = await TrainedRun.ResultAsync();
        var folder = await TrainedRun.FolderAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var metrics = JsonNode.Parse(result.Output)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(metrics["test_accuracy"]!.GetValue<double>(), Is.GreaterThan(0.95));
            Assert.That(metrics["test_loss"]!.GetValue<double>(), Is.GreaterThan(0).And.LessThan(0.3));
            Assert.That(metrics["epochs"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(metrics["config"]!["model"]!.GetValue<string>(), Is.EqualTo("mlp"));
            Assert.That(metrics["paths"]!["report"]!.GetValue<string>(), Is.EqualTo(Path.Combine(folder, "report.html")));
            foreach (var file in new[] { "report.html", "metrics.json", "history.csv", "checkpoint/checkpoint.json", "checkpoint/model.safetensors" })
                Assert.That(File.Exists(Path.Combine(folder, file)), Is.True, file);
            Assert.That(result.Error, Does.Contain("epoch 1/1: train loss"), "progress goes to stderr");
        });
        Assert.That(File.ReadAllLines(Path.Combine(folder, "history.csv")), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task Resuming_With_An_Option_That_Would_Change_The_Run_Is_Refused_By_Name()
    {
        var checkpoint = Path.Combine(await TrainedRun.FolderAsync(), "checkpoint");

        var result = await AppRunner.RunAsync("train", "--resume", checkpoint, "--optimizer", "adam");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("--optimizer cannot change when resuming"));
        });
    }

    [TestCase(new[] { "train", "--model", "resnet" }, "There is no model 'resnet'. Choose one of: fast, keras-cnn, pytorch-cnn, lenet5, mlp, best.")]
    [TestCase(new[] { "train", "--lr", "-1" }, "--lr: the learning rate must be a positive number.")]
    [TestCase(new[] { "train", "--optimizer", "lion" }, "--optimizer: 'lion' is not an optimizer")]
    [TestCase(new[] { "train", "--device", "cuda" }, "--device cuda: no CUDA device is available to this build")]
    [TestCase(new[] { "train", "--resume", "/nonexistent/checkpoint" }, "No checkpoint in /nonexistent/checkpoint: checkpoint.json is missing.")]
    public async Task Bad_Options_Give_One_Clear_Message_And_Exit_Code_2(string[] args, string message)
    {
        var result = await AppRunner.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.Contain(message));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(result.Output, Is.Empty);
        });
    }

    [Test]
    public async Task An_Unknown_Dataset_Is_A_Usage_Error()
    {
        var result = await AppRunner.RunAsync("train", "--dataset", "cifar");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(result.Error, Does.Contain("cifar"));
        });
    }
}
