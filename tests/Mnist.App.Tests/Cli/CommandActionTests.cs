using Mnist.App.Cli;

namespace Mnist.App.Tests.Cli;

public sealed class CommandActionTests
{
    [Test]
    public async Task Ctrl_C_During_Data_Verification_Ends_With_130_And_One_Line()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-tests-");
        foreach (var name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, name), new byte[1 << 20]);
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var interrupted = new CancellationTokenSource();
        await interrupted.CancelAsync();

        var exitCode = await MnistCli.RunAsync(["data", "download", "--data-dir", folder.FullName], output, error, interrupted.Token);
        folder.Delete(recursive: true);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Cancelled));
        Assert.That(error.ToString(), Is.EqualTo(
            "interrupted (Ctrl+C) before 'download' finished. Files already verified stay in the cache; a partial download was removed and is fetched again next time." +
            Environment.NewLine));
    }
}
