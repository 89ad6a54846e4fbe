namespace Mnist.Functional.Native;

/// <summary>The processor's model and SIMD level, read from the operating system without touching libtorch.</summary>
internal static class CpuFeatures
{
    private static readonly Lazy<(string Model, string Capability)> Probe = new(Read);

    /// <summary>The processor's model name, or the architecture when the system does not say.</summary>
    public static string Model => Probe.Value.Model;

    /// <summary>
    /// The vector level libtorch's kernels dispatch to: the processor's widest (<c>AVX512</c>, <c>AVX2</c>, <c>SSE4.2</c> or <c>NEON</c>,
    /// with <c>+BF16</c> / <c>+AMX</c> where present), or the level <c>ATEN_CPU_CAPABILITY</c> pins them to, said as pinned with the processor's own.
    /// </summary>
    public static string Capability => KernelLevel(Probe.Value.Capability, Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY"));

    /// <summary>
    /// What the kernels use given the processor's level and the pin. ATen reads the exact values <c>avx512</c>, <c>avx2</c> and <c>default</c>
    /// (no vector kernels) and ignores any other (aten/src/ATen/native/DispatchStub.cpp, <c>compute_cpu_capability</c>); a level above the
    /// processor's is taken here as not honoured, since its kernels could not run.
    /// </summary>
    internal static string KernelLevel(string processorLevel, string? pin)
    {
        var pinned = pin switch
        {
            "default" => "baseline",
            "avx2" when processorLevel.StartsWith("AVX", StringComparison.Ordinal) => "AVX2",
            "avx512" when processorLevel.StartsWith("AVX512", StringComparison.Ordinal) => "AVX512",
            _ => null,
        };
        return pinned is null || pinned == processorLevel ? processorLevel : $"{pinned} (pinned by ATEN_CPU_CAPABILITY; the processor has {processorLevel})";
    }

    private static (string, string) Read()
    {
        var architecture = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
            return (architecture, FromIntrinsics());

        var lines = File.ReadLines(cpuInfo).Take(64).ToList();
        var model = Field(lines, "model name") ?? architecture;
        var flags = (Field(lines, "flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        if (flags.Count == 0)
            return (model, FromIntrinsics());

        var level = flags.Contains("avx512f") && flags.Contains("avx512bw") && flags.Contains("avx512vl") ? "AVX512"
            : flags.Contains("avx2") && flags.Contains("fma") ? "AVX2"
            : flags.Contains("sse4_2") ? "SSE4.2"
            : "baseline";
        if (flags.Contains("avx512_bf16")) level += "+BF16";
        if (flags.Contains("amx_tile")) level += "+AMX";
        return (model, level);
    }

    private static string? Field(IEnumerable<string> lines, string name) =>
        lines.Where(line => line.StartsWith(name, StringComparison.Ordinal))
             .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
             .FirstOrDefault();

    private static string FromIntrinsics() =>
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX512"
        : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2"
        : System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "NEON"
        : "baseline";
}
