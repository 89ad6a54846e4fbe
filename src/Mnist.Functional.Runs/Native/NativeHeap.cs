using System.Runtime.InteropServices;

namespace Mnist.Functional.Native;

/// <summary>
/// Settles glibc's <c>malloc</c> for training on Linux: tensors of any size up to 32 MiB come from the
/// heap and freed memory is kept for the next step instead of being handed back to the system and
/// faulted in again, page by page, a few milliseconds later.
/// </summary>
/// <remarks>
/// By default glibc starts with a 128 KiB mmap threshold that it raises to the size of each large
/// block freed, and trims the heap whenever more than twice that is free at its top. A training step
/// frees and reallocates tens of megabytes of activations, gradients and new parameters, so the heap
/// is trimmed and regrown and every regrown page costs a fault. <c>mallopt</c> fixes the mmap threshold
/// at 32 MiB (glibc's largest) and the trim threshold at 256 MiB, which is what
/// <c>MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456</c> do when set before the process
/// starts. Set <see cref="OptOutVariable"/> to 1 to keep glibc's defaults.
/// </remarks>
internal static class NativeHeap
{
    /// <summary>Environment variable that, set to 1, leaves glibc's malloc settings alone.</summary>
    public const string OptOutVariable = "MNIST_KEEP_MALLOC_DEFAULTS";

    /// <summary>Blocks below this size come from the heap: 32 MiB, glibc's largest, above any tensor of a CNN batch.</summary>
    public const int MmapThresholdBytes = 32 << 20;

    /// <summary>Free memory at the top of the heap is returned to the system only beyond this: 256 MiB.</summary>
    public const int TrimThresholdBytes = 256 << 20;

    // Parameter numbers from glibc's malloc.h.
    private const int MallocTrimThreshold = -1;
    private const int MallocMmapThreshold = -3;

    /// <summary>Applies both thresholds on glibc systems unless opted out; returns whether it did.</summary>
    public static bool KeepFreedMemoryForReuse()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(OptOutVariable) == "1")
            return false;
        try
        {
            return SetMallocOption(MallocMmapThreshold, MmapThresholdBytes) == 1
                && SetMallocOption(MallocTrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;   // not glibc (musl has no mallopt): nothing to tune
        }
    }

    /// <summary>
    /// Hands the free memory glibc holds back to the system (<c>malloc_trim(0)</c>), where the thresholds above keep it
    /// for the next step: called between phases (after an epoch's training, before its evaluation), whose buffers
    /// have other sizes, so that the evaluation does not add its own memory on top of what training kept.
    /// </summary>
    /// <returns>Whether any memory was returned.</returns>
    public static bool ReturnFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(OptOutVariable) == "1")
            return false;
        try
        {
            return Trim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;   // not glibc: nothing held back
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int Trim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int SetMallocOption(int parameter, int value);
}
