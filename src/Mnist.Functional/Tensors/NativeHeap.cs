using System.Runtime.InteropServices;

namespace Mnist.Functional.Tensors;

/// <summary>
/// Keeps resident memory flat over long training runs on Linux by giving glibc's <c>malloc</c> a fixed
/// mmap threshold: blocks of at least that size (every activation and gradient of a CNN batch) get
/// their own mapping, which goes back to the system the moment the tensor is freed.
/// </summary>
/// <remarks>
/// By default glibc raises the threshold to the size of each large block it frees (up to 32 MiB), after
/// which tensor-sized blocks come from the heap; a training step frees and reallocates them in varying
/// order, the heap fragments, and the resident size creeps up step after step. Setting the threshold
/// with <c>mallopt</c> turns that adjustment off; it is what <c>MALLOC_MMAP_THRESHOLD_</c> does when set
/// in the environment before the process starts. Set <see cref="OptOutVariable"/> to 1 to keep glibc's defaults.
/// </remarks>
internal static class NativeHeap
{
    /// <summary>Environment variable that, set to 1, leaves glibc's malloc settings alone.</summary>
    public const string OptOutVariable = "MNIST_KEEP_MALLOC_DEFAULTS";

    /// <summary>Blocks of this size or more are mapped on their own: 1 MiB, above the small tensors of a step and below its activations.</summary>
    public const int MmapThresholdBytes = 1 << 20;

    private const int MallocMmapThreshold = -3;   // M_MMAP_THRESHOLD in glibc's malloc.h

    /// <summary>Applies the fixed threshold on glibc systems unless opted out; returns whether it did.</summary>
    public static bool KeepLargeBlocksMapped()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(OptOutVariable) == "1")
            return false;
        try
        {
            return SetMallocOption(MallocMmapThreshold, MmapThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;   // not glibc (musl, for one, has no mallopt); its allocator returns large blocks anyway
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int SetMallocOption(int parameter, int value);
}
