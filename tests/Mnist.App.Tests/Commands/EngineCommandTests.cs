using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

public sealed class EngineCommandTests
{
    [Test]
    public async Task Engine_Prints_Versions_Capability_And_Threads()
    {
        var result = await AppRunner.RunAsync("engine");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(result.Output, Does.Contain("TorchSharp   0.107.0")
                .And.Contain("libtorch     2.10")
                .And.Contain("capability")
                .And.Contain("intra-op"));
        });
    }

    [Test]
    public async Task Engine_Refuses_A_Thread_Count_Below_One_With_A_Clear_Message()
    {
        var result = await AppRunner.RunAsync("engine", "--threads", "0");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(result.Error, Does.Contain("--threads takes a whole number of at least 1; 0 is less than 1."));
            Assert.That(result.Error, Does.Not.Contain("   at "));
        });
    }
}
