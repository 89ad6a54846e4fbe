namespace Mnist.Functional.Native;

/// <summary>The processor's model and SIMD level, read from the operating system without touching libtorch.</summary>
internal static class CpuFeatures
{
    private static readonly Lazy<(string Model, string Capability)> Probe = new(Read);

    /// <summary>The processor's model name, or the architecture when the system does not say.</summary>
    public static string Model => Probe.Value.Model;

    /// <summary>The widest vector level libtorch can dispatch to: <c>AVX512</c>, <c>AVX2</c>, <c>SSE4.2</c> or <c>NEON</c>, with <c>+BF16</c> / <c>+AMX</c> where present.</summary>
    public static string Capability => Probe.Value.Capability;

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
