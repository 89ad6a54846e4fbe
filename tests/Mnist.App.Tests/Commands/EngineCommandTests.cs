using Mnist.App.Cli;
using Mnist.Functional.Native;

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
    public async Task The_Command_Line_Chooses_How_OpenMP_Threads_Wait_Tells_The_Native_Runtime_And_Says_So()
    {
        // Every command starts the engine for training; in this test process the first one chose.
        var result = await AppRunner.RunAsync("engine");
        var (policy, spins) = (NativeEnvironment("OMP_WAIT_POLICY"), NativeEnvironment("GOMP_SPINCOUNT"));

        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null || Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is not null)
            Assert.That(result.Output, Does.Contain("from the environment"));
        else
            Assert.Multiple(() =>
            {
                Assert.That((policy, spins), Is.EqualTo(("PASSIVE", (string?)null)).Or.EqualTo(((string?)null, "30000")));
                Assert.That(result.Output, Does.Contain(policy is null ? "GOMP_SPINCOUNT=30000 (" : "OMP_WAIT_POLICY=PASSIVE ("));
            });
    }

    private static string? NativeEnvironment(string name) =>
        System.Runtime.InteropServices.Marshal.PtrToStringUTF8(GetEnvironment(System.Text.Encoding.UTF8.GetBytes(name + "\0")));

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnvironment(byte[] name);

    [Test]
    public async Task A_Command_Without_Threads_Uses_One_Per_Core_Whatever_An_Earlier_Command_Left()
    {
        Assert.That((await AppRunner.RunAsync("engine")).ExitCode, Is.EqualTo(ExitCodes.Success), "the engine started as every command starts it");
        var other = Engine.DefaultThreads == 1 ? 2 : 1;
        Assert.That((await AppRunner.RunAsync("engine", "--threads", $"{other}")).ExitCode, Is.EqualTo(ExitCodes.Success));

        var result = await AppRunner.RunAsync("engine", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That((int?)System.Text.Json.Nodes.JsonNode.Parse(result.Output)!["threads"], Is.EqualTo(Engine.DefaultThreads));
            Assert.That(Engine.Start().Threads, Is.EqualTo(Engine.DefaultThreads));
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
