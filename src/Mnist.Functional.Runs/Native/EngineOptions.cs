namespace Mnist.Functional.Native;

/// <summary>
/// How <see cref="Engine.Start(EngineOptions)"/> starts libtorch: its thread count, and whether it may change settings
/// of the whole process for training's sake. By default it changes nothing of the process but libtorch's own thread
/// pool; a host that trains (a command line, a server, a benchmark) opts in with <see cref="ForTraining"/>.
/// </summary>
public sealed record EngineOptions
{
    /// <summary>Leaves the process as it is: libtorch's own thread count, glibc's malloc settings, libgomp's wait policy.</summary>
    public static EngineOptions Default { get; } = new();

    /// <summary>
    /// Both process settings for training (<see cref="ChooseThreadWaiting"/> and <see cref="KeepFreedMemory"/>): what the
    /// <c>mnist</c> command, its server, the benchmarks and the scripts use.
    /// </summary>
    public static EngineOptions ForTraining { get; } = new() { ChooseThreadWaiting = true, KeepFreedMemory = true };

    /// <summary>Intra-op threads; <see langword="null"/> keeps the engine's count (at first libtorch's default, one per core). From 1 to <see cref="Engine.MaxThreads"/>.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Whether to choose how libtorch's OpenMP threads wait for work from how busy the machine is, by setting
    /// <c>OMP_WAIT_POLICY</c> or <c>GOMP_SPINCOUNT</c> in the process's environment before libtorch loads (Linux; a
    /// setting of the user's own wins). Has no effect once libtorch is loaded.
    /// </summary>
    public bool ChooseThreadWaiting { get; init; }

    /// <summary>
    /// Whether to fix glibc's mmap and trim thresholds so that a training step reuses the memory the previous step freed
    /// (Linux with glibc; <c>MNIST_KEEP_MALLOC_DEFAULTS=1</c> opts out), and to hand that memory back between an epoch's
    /// training and its evaluation (see <see cref="Engine.Housekeeping"/>).
    /// </summary>
    public bool KeepFreedMemory { get; init; }

    /// <summary>These options with <paramref name="threads"/> intra-op threads.</summary>
    public EngineOptions WithThreads(int? threads) => this with { Threads = threads };
}
