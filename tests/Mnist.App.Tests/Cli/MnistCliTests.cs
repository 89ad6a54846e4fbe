using Mnist.App.Cli;

namespace Mnist.App.Tests.Cli;

public sealed class MnistCliTests
{
    [Test]
    public async Task Help_Lists_The_Commands()
    {
        var result = await AppRunner.RunAsync("--help");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(result.Output, Does.Contain("Usage:").And.Contain("engine").And.Contain("data").And.Contain("train")
                .And.Contain("evaluate").And.Contain("predict").And.Contain("models"));
        });
    }

    [Test]
    public async Task An_Unknown_Option_Is_A_Usage_Error_That_Names_It()
    {
        var result = await AppRunner.RunAsync("engine", "--no-such-option");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(result.Error, Does.Contain("--no-such-option"));
        });
    }
}
