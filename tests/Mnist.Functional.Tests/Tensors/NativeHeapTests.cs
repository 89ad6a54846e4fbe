using Mnist.Functional.Tensors;

namespace Mnist.Functional.Tests.Tensors;

public sealed class NativeHeapTests
{
    [Test]
    public void On_Linux_The_Mmap_Threshold_Is_Fixed_Unless_Opted_Out()
    {
        Assume.That(OperatingSystem.IsLinux(), "glibc's malloc is tuned on Linux only");
        var before = Environment.GetEnvironmentVariable(NativeHeap.OptOutVariable);
        try
        {
            Environment.SetEnvironmentVariable(NativeHeap.OptOutVariable, null);
            var applied = NativeHeap.KeepLargeBlocksMapped();
            Environment.SetEnvironmentVariable(NativeHeap.OptOutVariable, "1");
            var appliedWhenOptedOut = NativeHeap.KeepLargeBlocksMapped();

            Assert.Multiple(() =>
            {
                Assert.That(applied, Is.True, "mallopt accepted the threshold");
                Assert.That(appliedWhenOptedOut, Is.False);
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(NativeHeap.OptOutVariable, before);
        }
    }
}
