using Mnist.App.Cli;

namespace Mnist.App.Tests;

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

    [Test]
    public async Task A_Choice_Not_Offered_Lists_The_Choices_One_Per_Line()
    {
        var result = await AppRunner.RunAsync("train", "--model", "bogus");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(result.Error, Does.Not.Contain("\\n").And.Not.Contain("\\t"));
            Assert.That(result.Error.Split('\n').Select(line => line.Trim()), Does.Contain("'fast'").And.Contain("'lenet5'"));
        });
    }

    [Test]
    public async Task A_Line_Break_Typed_In_An_Argument_Cannot_Start_A_Line_Of_Its_Own()
    {
        var result = await AppRunner.RunAsync("train", "--model", "x\nerror: forged");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(result.Error.Split('\n'), Has.None.StartsWith("error: forged"));
        });
    }
}
