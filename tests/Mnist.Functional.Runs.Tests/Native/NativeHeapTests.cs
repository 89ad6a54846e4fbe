using Mnist.Functional.Native;

namespace Mnist.Functional.Runs.Tests.Native;

public sealed class NativeHeapTests
{
    [Test]
    public void On_Linux_The_Malloc_Thresholds_Are_Fixed_Unless_Opted_Out()
    {
        Assume.That(OperatingSystem.IsLinux(), "glibc's malloc is tuned on Linux only");
        var before = Environment.GetEnvironmentVariable(NativeHeap.OptOutVariable);
        try
        {
            Environment.SetEnvironmentVariable(NativeHeap.OptOutVariable, null);
            var applied = NativeHeap.KeepFreedMemoryForReuse();
            Environment.SetEnvironmentVariable(NativeHeap.OptOutVariable, "1");
            var appliedWhenOptedOut = NativeHeap.KeepFreedMemoryForReuse();

            Assert.Multiple(() =>
            {
                Assert.That(applied, Is.True, "mallopt accepted both thresholds");
                Assert.That(appliedWhenOptedOut, Is.False);
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(NativeHeap.OptOutVariable, before);
        }
    }
}
