using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

[Category("RealData")]
public sealed class ImportCommandTests
{
    // The trained run's model.safetensors is a state_dict in PyTorch's layout (PyTorch loads it with strict=True).
    private static async Task<string> StateDictAsync() => Path.Combine(await TrainedRun.FolderAsync(), "checkpoint", "model.safetensors");

    [Test]
    public async Task An_Imported_State_Dict_Evaluates_To_The_Accuracy_It_Was_Trained_To()
    {
        var trained = await TrainedRun.MetricsAsync();
        var target = Path.Combine(Directory.CreateTempSubdirectory("mnist-app-import-").FullName, "checkpoint");
        try
        {
            var imported = await AppRunner.RunAsync("import", "--model", "mlp", "--weights", await StateDictAsync(), "--dataset", "mnist", "--out", target);
            var evaluated = await AppRunner.RunAsync("evaluate", "--checkpoint", target, "--json");

            Assert.That(imported.ExitCode, Is.EqualTo(ExitCodes.Success), imported.Error);
            Assert.That(evaluated.ExitCode, Is.EqualTo(ExitCodes.Success), evaluated.Error);
            Assert.Multiple(() =>
            {
                Assert.That(imported.Output, Does.StartWith($"wrote {target}: mlp on MNIST, inputs normalised with mean 0.1307, std 0.3081"));
                Assert.That(JsonNode.Parse(evaluated.Output)!["test"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(trained["test"]!["accuracy"]!.GetValue<double>()));
            });
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(target)!, recursive: true);
        }
    }

    [Test]
    public async Task Weights_For_Another_Model_Are_Refused_With_Every_Mismatch_Listed()
    {
        var target = Path.Combine(Path.GetTempPath(), $"mnist-app-import-{Guid.NewGuid():N}");

        var result = await AppRunner.RunAsync("import", "--model", "lenet5", "--weights", await StateDictAsync(), "--out", target, "--pixel-mean", "0.1307", "--pixel-std", "0.3081");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("missing 0.weight [6, 1, 5, 5]").And.Contain("unexpected 1.weight").And.Contain("missing 11.bias [10]"));
            Assert.That(Directory.Exists(target), Is.False, "nothing is written");
        });
    }

    [Test]
    public async Task An_Existing_Out_Folder_Is_Not_Overwritten()
    {
        var existing = Directory.CreateTempSubdirectory("mnist-app-import-").FullName;
        try
        {
            var result = await AppRunner.RunAsync("import", "--model", "mlp", "--weights", await StateDictAsync(), "--out", existing);

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
                Assert.That(result.Error, Does.Contain($"--out: {existing} already exists: give a new folder"));
            });
        }
        finally
        {
            Directory.Delete(existing, recursive: true);
        }
    }

    [Test]
    public async Task A_Missing_Weights_File_Is_Named()
    {
        var result = await AppRunner.RunAsync("import", "--model", "fast", "--weights", "/nonexistent/fast.safetensors", "--out", "/tmp/never-written");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("/nonexistent/fast.safetensors does not exist"));
        });
    }

    [Test]
    public async Task An_Out_Folder_Inside_Another_Run_Is_Refused_As_Train_Refuses_It()
    {
        var run = await TrainedRun.FolderAsync();

        var result = await AppRunner.RunAsync("import", "--model", "mlp", "--weights", await StateDictAsync(), "--out", Path.Combine(run, "imported"));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain($"is inside the run in {run}").And.Contain("an import does not write into another run"));
            Assert.That(Directory.Exists(Path.Combine(run, "imported")), Is.False);
        });
    }

    [TestCase("--pixel-std", "1e-300", "--pixel-std takes a number from 0.001 to 1")]
    [TestCase("--pixel-std", "0.000999", "--pixel-std takes a number from 0.001 to 1")]
    [TestCase("--pixel-std", "1.000001", "--pixel-std takes a number from 0.001 to 1")]
    [TestCase("--pixel-mean", "1e308", "--pixel-mean takes a number from 0 to 1")]
    [TestCase("--pixel-mean", "-0.000001", "--pixel-mean takes a number from 0 to 1")]
    public async Task Pixel_Statistics_Out_Of_Range_Are_Refused_Before_Anything_Is_Read(string option, string value, string said)
    {
        var other = option == "--pixel-std" ? ("--pixel-mean", "0.5") : ("--pixel-std", "0.3");

        var result = await AppRunner.RunAsync("import", "--model", "mlp", "--weights", "/nonexistent/w.safetensors", "--out", "/tmp/never-written", option, value, other.Item1, other.Item2);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError), result.Error);
            Assert.That(result.Error, Does.Contain(said));
        });
    }

    [Test]
    public async Task A_Folder_Given_As_Weights_Is_Called_A_Folder_Not_Missing()
    {
        using var folder = new Mnist.Functional.Testing.TempFolder();

        var result = await AppRunner.RunAsync("import", "--model", "mlp", "--weights", folder.Path, "--out", "/tmp/never-written");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.StartWith($"error: --weights: {folder.Path} is a folder").And.Not.Contain("does not exist"));
        });
    }

    [Test]
    public async Task An_Out_Folder_Where_Nothing_Can_Be_Written_Is_Said_At_Once_In_Our_Words()
    {
        Assume.That(OperatingSystem.IsLinux(), "/proc");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await AppRunner.RunAsync("import", "--model", "mlp", "--weights", await StateDictAsync(), "--out", "/proc/imp");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError), result.Error);
            Assert.That(result.Error, Does.StartWith("error: --out: ").And.Contain("/proc/imp").And.Not.Contain(".tmp").And.Not.Contain("another process"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "not after the 30 s a writer waits for another process");
        });
    }
}
