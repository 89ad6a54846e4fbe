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
                Assert.That(JsonNode.Parse(evaluated.Output)!["test_accuracy"]!.GetValue<double>(), Is.EqualTo(trained["test_accuracy"]!.GetValue<double>()));
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
                Assert.That(result.Error, Does.Contain($"{existing} already exists: give --out a new folder"));
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
}
