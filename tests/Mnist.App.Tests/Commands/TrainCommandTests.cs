using System.Text.Json.Nodes;
using Mnist.App.Cli;
using Mnist.App.Commands;

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
            Assert.That(metrics["test"]!["accuracy"]!.GetValue<double>(), Is.GreaterThan(0.95));
            Assert.That(metrics["test"]!["loss"]!.GetValue<double>(), Is.GreaterThan(0).And.LessThan(0.3));
            Assert.That(metrics["training"]!["epochs"]!.GetValue<int>(), Is.EqualTo(1));
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

        var result = await AppRunner.RunAsync("train", "--resume", checkpoint, "--optimizer", "sgd");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("--optimizer cannot change when resuming"));
        });
    }

    [TestCase(new[] { "train", "--optimizer", "adam", "--momentum", "0.5" }, "--momentum: adam has no momentum; it applies to sgd and rmsprop.")]
    [TestCase(new[] { "train", "--early-stopping", "3" }, "--early-stopping: Early stopping watches the validation loss, so the run needs a validation split: hold out some training items.")]
    [TestCase(new[] { "train", "--device", "cuda" }, "--device cuda: this version trains and evaluates on the CPU only, in every build: this build uses the CPU build of libtorch, and a build with -p:TorchBackend=cuda would bring CUDA's libtorch but still train on the CPU. Leave --device out")]
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

    [TestCase("--model", "resnet")]
    [TestCase("--optimizer", "lion")]
    [TestCase("--schedule", "triangle")]
    public async Task A_Name_That_Is_Not_A_Choice_Is_A_Usage_Error_From_The_Parser(string option, string value)
    {
        var result = await AppRunner.RunAsync("train", option, value);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(result.Error, Does.Contain(value));
        });
    }

    [Test]
    public async Task A_Dataset_That_Is_No_Name_Or_Folder_Is_Refused_Naming_The_Choices()
    {
        var result = await AppRunner.RunAsync("train", "--dataset", "cifar");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("'cifar'").And.Contain("mnist, fashion").And.Contain("a folder of labelled images"));
        });
    }

    [TestCase("--model", "lenet5")]
    [TestCase("--optimizer", "rmsprop")]
    [TestCase("--schedule", "onecycle")]
    [TestCase("--dataset", "fashion")]
    public void Tab_Completion_Lists_The_Choices(string option, string choice)
    {
        var completions = TrainCommand.Create().Parse($"{option} ").GetCompletions().Select(item => item.Label);

        Assert.That(completions, Does.Contain(choice));
    }

    [TestCase(new[] { "train", "--early-stopping", "0", "--validation", "100" }, "--early-stopping takes a whole number of at least 1; 0 is less than 1.")]
    [TestCase(new[] { "train", "--lr", "-1" }, "--lr takes a number greater than 0, such as 0.01 or 1e-3; '-1' is not one.")]
    [TestCase(new[] { "train", "--label-smoothing", "1" }, "--label-smoothing takes a number from 0 up to (not including) 1; '1' is not one.")]
    [TestCase(new[] { "train", "--replace" }, "--replace needs --out")]
    public async Task Early_Stopping_And_Replace_Without_What_They_Need_Are_Usage_Errors(string[] args, string message)
    {
        var result = await AppRunner.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError), result.Error);
            Assert.That(result.Error, Does.Contain(message));
        });
    }

    [Test]
    public async Task A_Folder_That_Holds_A_Run_Is_Refused_Before_Training_Unless_Replace()
    {
        var folder = await TrainedRun.FolderAsync();
        var before = File.ReadAllText(Path.Combine(folder, "metrics.json"));

        var result = await AppRunner.RunAsync("train", "--model", "mlp", "--out", folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain($"--out: Cannot use {folder} as the run's folder: it holds a run already"));
            Assert.That(result.Error, Does.Contain("--replace"));
            Assert.That(result.Error, Does.Not.Contain("training "), "refused before any training");
            Assert.That(File.ReadAllText(Path.Combine(folder, "metrics.json")), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task An_Out_Folder_That_Cannot_Be_Written_Is_Found_Before_Training()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await AppRunner.RunAsync("train", "--model", "mlp", "--out", file);

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
                Assert.That(result.Error, Does.Contain($"--out: Cannot use {file} as the run's folder: a file has that name."));
                Assert.That(result.Error, Does.Not.Contain("training "));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task The_Run_Folder_Records_A_Finished_Run_With_The_Command_That_Reproduces_It()
    {
        var folder = await TrainedRun.FolderAsync();
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "run.json")))!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That((int?)record["schema_version"], Is.EqualTo(2));
            Assert.That((string?)record["state"], Is.EqualTo("finished"));
            Assert.That((string?)record["command"], Is.EqualTo(
                "mnist train --model mlp --dataset mnist --optimizer adam --lr 0.001 --schedule constant --batch-size 128 --epochs 1 --weight-decay 0 --label-smoothing 0 --seed 3 --validation 0"));
            Assert.That((string?)record["spec"]!["model"], Is.EqualTo("mlp"));
            Assert.That(DateTime.Parse((string)record["ended_utc"]!, System.Globalization.CultureInfo.InvariantCulture), Is.Not.EqualTo(default(DateTime)));
        });
        var reproduced = TrainCommand.Create().Parse(((string)record["command"]!).Split(' ')[2..]);
        Assert.That(reproduced.Errors, Is.Empty, "the command parses as it is written");
    }
}
