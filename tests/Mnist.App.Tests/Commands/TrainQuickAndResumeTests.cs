using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

/// <summary>
/// Quick runs (<c>--quick</c>, <c>--train-items</c>, <c>--test-items</c>), what a resume to more epochs does with the
/// schedule and the record, and the folders a run may take: each on a few thousand real MNIST items.
/// </summary>
[Category("RealData")]
public sealed class TrainQuickAndResumeTests
{
    private DirectoryInfo folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("mnist-app-quick-");

    [TearDown]
    public void DeleteFolder() => folder.Delete(recursive: true);

    private string In(string name) => Path.Combine(folder.FullName, name);

    private static JsonObject Record(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!.AsObject();

    [Test]
    public async Task Quick_Trains_One_Epoch_On_A_Few_Batches_And_Says_Everywhere_That_It_Measures_Nothing()
    {
        var result = await AppRunner.RunAsync("train", "--quick", "--model", "mlp", "--out", In("quick"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var record = Record(In("quick"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Contain("QUICK RUN        checks the recipe end to end; the figures below measure nothing"));
            Assert.That(result.Output, Does.Contain("data             the first 2,048 training items, the first 1,000 test items"));
            Assert.That(result.Output, Does.Contain(" of 1,000 wrong)"));
            Assert.That(result.Error, Does.Contain("epoch 1/1:"));
            Assert.That((bool?)record["spec"]!["quick"], Is.True);
            Assert.That((long?)record["spec"]!["train_items"], Is.EqualTo(2048));
            Assert.That((long?)record["spec"]!["test_items"], Is.EqualTo(1000));
            Assert.That((string?)record["reason"], Does.Contain("A quick run: its figures measure nothing."));
            Assert.That((string?)record["command"], Does.EndWith("--epochs 1 --weight-decay 0 --label-smoothing 0 --seed 1 --validation 0 --train-items 2048 --test-items 1000 --quick"));
            Assert.That(File.ReadAllText(In("quick/report.html")), Does.Contain("quick run: its figures measure nothing"));
        });
    }

    [Test]
    public async Task Train_And_Test_Items_Limit_The_Splits_And_Are_Recorded()
    {
        var result = await AppRunner.RunAsync("train", "--model", "mlp", "--epochs", "1", "--train-items", "640", "--test-items", "300", "--json", "--out", In("subset"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var metrics = JsonNode.Parse(result.Output)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That((int?)metrics["test"]!["samples"], Is.EqualTo(300));
            Assert.That((int?)metrics["training"]!["steps"], Is.EqualTo(5), "640 items in batches of 128");
            Assert.That(metrics["config"]!.AsObject().ContainsKey("quick"), Is.False, "only a quick run says quick");
            Assert.That((string?)Record(In("subset"))["command"], Does.EndWith("--train-items 640 --test-items 300"));
        });
    }

    [TestCase("--train-items", "60001", "--train-items: MNIST's training split holds 60,000 items; 60,001 is more.")]
    [TestCase("--test-items", "10001", "--test-items: MNIST's test split holds 10,000 items; 10,001 is more.")]
    public async Task More_Items_Than_The_Split_Holds_Are_Refused_Before_Anything_Runs(string option, string value, string message)
    {
        var result = await AppRunner.RunAsync("train", option, value, "--out", In("too-many"));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain(message));
            Assert.That(Directory.Exists(In("too-many")), Is.False);
        });
    }

    [Test]
    public async Task Extending_A_Schedule_Fitted_To_The_Runs_Length_Is_Refused_Unless_Asked_And_Then_Recorded_As_The_Chain_It_Was()
    {
        var run = In("fast");
        Assert.That((await AppRunner.RunAsync("train", "--quick", "--out", run)).ExitCode, Is.EqualTo(ExitCodes.Success));
        var checkpoint = Path.Combine(run, "checkpoint");

        var refused = await AppRunner.RunAsync("train", "--resume", checkpoint, "--epochs", "2");
        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(refused.Error, Does.Contain("was planned for 1 epoch with a onecycle schedule, which is fitted to the run's length"));
            Assert.That(refused.Error, Does.Contain("add --schedule onecycle to refit the schedule to 2 epochs"));
            Assert.That((int?)Record(run)["results"]!["training"]!["epochs"], Is.EqualTo(1), "nothing trained");
        });

        var refitted = await AppRunner.RunAsync("train", "--resume", checkpoint, "--epochs", "2", "--schedule", "onecycle");

        Assert.That(refitted.ExitCode, Is.EqualTo(ExitCodes.Success), refitted.Error);
        var record = Record(run);
        var commands = ((string)record["command"]!).Split(" && ");
        Assert.Multiple(() =>
        {
            Assert.That(refitted.Error, Does.Contain("note: the onecycle schedule planned for 1 epoch is refitted to 2 epochs from step 17 on, as --schedule asked: the learning rate goes from 0.0000008 to "));
            Assert.That(commands, Has.Length.EqualTo(2));
            Assert.That(commands[0], Does.Contain("--epochs 1 ").And.EndWith($"--quick --out {run}"));
            Assert.That(commands[1], Is.EqualTo($"mnist train --resume {checkpoint} --epochs 2 --schedule onecycle"));
            Assert.That((double)record["results"]!["timing"]!["training_seconds"]!, Is.LessThanOrEqualTo((double)record["results"]!["timing"]!["total_seconds"]!), "the total counts both sessions");
        });
    }

    [Test]
    public async Task Another_Schedule_On_Resume_Is_Still_Refused_By_Name()
    {
        var run = In("fast");
        Assert.That((await AppRunner.RunAsync("train", "--quick", "--out", run)).ExitCode, Is.EqualTo(ExitCodes.Success));

        var result = await AppRunner.RunAsync("train", "--resume", Path.Combine(run, "checkpoint"), "--epochs", "2", "--schedule", "cosine");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("--schedule cannot change when resuming"));
        });
    }

    [Test]
    public async Task Extending_A_Schedule_That_Does_Not_Depend_On_The_Length_Is_The_Run_Planned_That_Long_Bit_For_Bit()
    {
        // In this long-lived test process, after many other commands, as the thread-count fault once made it differ.
        var (resumed, straight) = (In("resumed"), In("straight"));
        Assert.That((await AppRunner.RunAsync("train", "--model", "mlp", "--quick", "--out", resumed)).ExitCode, Is.EqualTo(ExitCodes.Success));

        var extended = await AppRunner.RunAsync("train", "--resume", Path.Combine(resumed, "checkpoint"), "--epochs", "2");
        var command = (string)Record(resumed)["command"]!;
        var fromScratch = await AppRunner.RunAsync([.. command.Split(' ')[1..], "--out", straight]);

        Assert.Multiple(() =>
        {
            Assert.That(extended.ExitCode, Is.EqualTo(ExitCodes.Success), extended.Error);
            Assert.That(command, Does.Contain("--schedule constant --batch-size 128 --epochs 2 "), "the record's command is the 2-epoch run");
            Assert.That(fromScratch.ExitCode, Is.EqualTo(ExitCodes.Success), fromScratch.Error);
            Assert.That(File.ReadAllBytes(Path.Combine(resumed, "checkpoint", "model.safetensors")),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(straight, "checkpoint", "model.safetensors"))), "the command reproduces the run");
        });
    }

    [Test]
    public async Task A_Run_That_Failed_Before_Training_Does_Not_Block_The_Same_Command()
    {
        Directory.CreateDirectory(In("empty"));
        string[] command = ["train", "--quick", "--out", In("run"), "--data-dir", In("empty")];

        var first = await AppRunner.RunAsync(command);
        var second = await AppRunner.RunAsync(command);

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That((string?)Record(In("run"))["state"], Is.EqualTo("failed"));
            Assert.That(second.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(second.Error, Does.Contain("MNIST is not complete in").And.Not.Contain("holds a run already"));
        });
    }

    [Test]
    public async Task A_Stray_Metrics_File_Above_The_Run_Folder_Does_Not_Stop_The_Run()
    {
        File.WriteAllText(In("metrics.json"), "");   // what `mnist train --json > metrics.json` leaves before it starts

        var result = await AppRunner.RunAsync("train", "--quick", "--model", "mlp", "--out", In("runs/first"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
    }
}
