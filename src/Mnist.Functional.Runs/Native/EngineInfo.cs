namespace Mnist.Functional.Native;

/// <summary>What the running engine is: versions, the CPU features libtorch can use, and its thread pools.</summary>
/// <param name="TorchSharpVersion">The TorchSharp package version, such as <c>0.107.0</c>.</param>
/// <param name="LibTorchVersion">The libtorch version TorchSharp was built against, such as <c>2.10.0</c>.</param>
/// <param name="Backend">The native build in use: <c>cpu</c> or <c>cuda</c>.</param>
/// <param name="CudaAvailable">Whether a CUDA device can be used by this build.</param>
/// <param name="CpuModel">The processor's model name, as the operating system reports it.</param>
/// <param name="CpuCapability">The widest SIMD level the processor offers to libtorch's kernels (for example <c>AVX512</c>, with <c>+BF16</c> when bfloat16 dot products exist).</param>
/// <param name="Threads">Intra-op threads libtorch uses for one operation: the engine's count, which work that names none of its own uses (see <see cref="IntraOpThreads"/>); in a run's description, the run's.</param>
/// <param name="InteropThreads">Inter-op threads libtorch uses to run independent operations.</param>
/// <param name="LogicalCores">Logical processors the operating system reports.</param>
public sealed record EngineInfo(
    string TorchSharpVersion,
    string LibTorchVersion,
    string Backend,
    bool CudaAvailable,
    string CpuModel,
    string CpuCapability,
    int Threads,
    int InteropThreads,
    int LogicalCores)
{
    /// <summary>What libgomp was given for waiting threads when the engine started, such as <c>GOMP_SPINCOUNT=30000</c>; empty for its default.</summary>
    public string ThreadWaitSetting { get; init; } = "";

    /// <summary>Why that setting, such as <c>the machine was quiet at start</c> or <c>from the environment</c>.</summary>
    public string ThreadWaitReason { get; init; } = "";

    /// <summary>The setting and its reason in words: <c>GOMP_SPINCOUNT=30000 (the machine was quiet at start)</c>.</summary>
    public string ThreadWaiting => ThreadWaitSetting.Length == 0 ? ThreadWaitReason : $"{ThreadWaitSetting} ({ThreadWaitReason})";

    /// <summary>A one-paragraph, human-readable description, for logs and reports.</summary>
    public string Describe() =>
        $"TorchSharp {TorchSharpVersion} (libtorch {LibTorchVersion}, {Backend}{(CudaAvailable ? ", CUDA available" : "")}); " +
        $"CPU: {CpuModel}, {CpuCapability}, {LogicalCores} logical cores; threads: {Threads} intra-op, {InteropThreads} inter-op" +
        (ThreadWaiting.Length > 0 ? $"; waiting: {ThreadWaiting}" : "");
}
