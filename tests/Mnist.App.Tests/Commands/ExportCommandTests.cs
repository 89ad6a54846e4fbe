using Mnist.App.Cli;
using Mnist.Functional.Onnx;

namespace Mnist.App.Tests.Commands;

[Category("RealData")]
public sealed class ExportCommandTests
{
    [Test]
    public async Task Export_Of_A_Run_Folder_Writes_An_Onnx_Model_Beside_Its_Checkpoint_With_The_Runs_Metadata()
    {
        var folder = await TrainedRun.FolderAsync();
        var expected = Path.Combine(folder, "model.onnx");

        var result = await AppRunner.RunAsync("export", "--checkpoint", folder, "--format", "onnx");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var model = OnnxExport.Load(expected);
        var metadata = model.MetadataProps.ToDictionary(entry => entry.Key, entry => entry.Value);
        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.StartWith($"wrote {expected} (").And.Contain("input 'pixels' float32 [batch, 1, 28, 28] with raw pixels 0–255"));
            Assert.That(metadata["model"], Is.EqualTo("mlp"));
            Assert.That(metadata["dataset"], Is.EqualTo("mnist"));
            Assert.That(model.Graph.Initializer.Select(tensor => tensor.Name), Does.Contain("1.weight"));
        });
    }

    [Test]
    public async Task Export_Writes_Where_Out_Says()
    {
        var folder = await TrainedRun.FolderAsync();
        var target = Path.Combine(Directory.CreateTempSubdirectory("mnist-app-export-").FullName, "nested", "digits.onnx");
        try
        {
            var result = await AppRunner.RunAsync("export", "-c", Path.Combine(folder, "checkpoint"), "--out", target);

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(OnnxExport.Load(target).Graph.Output.Select(output => output.Name), Is.EqualTo(new[] { "scores", "probabilities" }));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(target))!, recursive: true);
        }
    }

    [Test]
    public async Task A_Missing_Checkpoint_Says_What_To_Pass()
    {
        var result = await AppRunner.RunAsync("export", "--checkpoint", "/nonexistent/run");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("There is no run folder or checkpoint folder at /nonexistent/run"));
        });
    }

    [Test]
    public async Task A_Format_Other_Than_Onnx_Is_A_Usage_Error()
    {
        var result = await AppRunner.RunAsync("export", "--checkpoint", "/nonexistent/run", "--format", "tflite");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(result.Error, Does.Contain("tflite"));
        });
    }
}
