using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Mnist.Functional.Training;
using TorchSharp;

namespace Mnist.Functional.Native;

/// <summary>Starts libtorch once per process and describes it.</summary>
public static partial class Engine
{
    private const string NativeBridge = "LibTorchSharp";
    private static readonly Lock Gate = new();
    private static bool started;
    private static bool freedMemoryKept;
    private static int threads;
    private static int defaultThreads;

    /// <summary>The most intra-op threads <see cref="Start(EngineOptions)"/> accepts: four per logical core.</summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>libtorch's own intra-op thread count on this machine (one per core, or what <c>OMP_NUM_THREADS</c> says), read when the engine loaded.</summary>
    /// <exception cref="InvalidOperationException">The engine has not been started.</exception>
    public static int DefaultThreads
    {
        get
        {
            lock (Gate)
                return started ? defaultThreads : throw new InvalidOperationException("The engine has not been started: call Engine.Start first.");
        }
    }

    /// <summary>
    /// Loads libtorch, sets its intra-op thread count and returns a description of the engine, leaving the rest of the
    /// process as it is. Safe to call more than once: later calls only change the thread count when one is given.
    /// </summary>
    /// <param name="threads">Intra-op threads; <see langword="null"/> keeps the count the engine has (at first libtorch's default, one per core).</param>
    /// <exception cref="EngineLoadException">The native library or one of its dependencies cannot be loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1 or more than <see cref="MaxThreads"/>.</exception>
    public static EngineInfo Start(int? threads = null) => Start(EngineOptions.Default.WithThreads(threads));

    /// <summary>
    /// Loads libtorch as <paramref name="options"/> say, and returns a description of the engine. Safe to call more than
    /// once: a later call sets the thread count when one is given and applies <see cref="EngineOptions.KeepFreedMemory"/>
    /// if an earlier call did not; how OpenMP threads wait can only be chosen before libtorch is first loaded.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The thread count given becomes the engine's (<see cref="EngineInfo.Threads"/>), and the calling thread's and that of
    /// threads that first use libtorch afterwards; a thread that used libtorch before keeps its own count (see
    /// <see cref="IntraOpThreads"/>), so work whose figures matter sets the engine's count on its own thread with
    /// <see cref="IntraOpThreads.Use"/>, as a run does.
    /// </para>
    /// <para>
    /// The process settings are for training and are made only when asked (see <see cref="EngineOptions.ForTraining"/>):
    /// libgomp reads its wait policy once, as it loads, so <see cref="EngineOptions.ChooseThreadWaiting"/> sets it in the
    /// native environment first (see <see cref="EngineInfo.ThreadWaiting"/>); and glibc's default malloc thresholds
    /// make a training step fault in, page by page, the memory the previous step handed back, which
    /// <see cref="EngineOptions.KeepFreedMemory"/> avoids.
    /// </para>
    /// </remarks>
    /// <exception cref="EngineLoadException">The native library or one of its dependencies cannot be loaded.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The thread count is less than 1 or more than <see cref="MaxThreads"/>.</exception>
    public static EngineInfo Start(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var asked = options.Threads;
        if (asked is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), asked, "The thread count must be at least 1.");
        if (asked > MaxThreads)
            throw new ArgumentOutOfRangeException(nameof(options), asked,
                $"The thread count {asked} is more than {MaxThreads}, four per logical core of this machine's {Environment.ProcessorCount}: each is an operating-system thread, and more than the cores only wait for each other.");

        lock (Gate)
        {
            if (options.KeepFreedMemory && !freedMemoryKept)
                freedMemoryKept = NativeHeap.KeepFreedMemoryForReuse();
            if (!started)
            {
                _ = options.ChooseThreadWaiting ? ThreadWaitPolicy.Choose() : ThreadWaitPolicy.LeaveAlone();
                Load();
                defaultThreads = threads = torch.get_num_threads();
                started = true;
            }
            if (options.Threads is { } count)
            {
                threads = count;
                if (torch.get_num_threads() != count)
                    torch.set_num_threads(count);
            }
            return Describe();
        }
    }

    /// <summary>
    /// The housekeeping a training fold should do in this process (<see cref="TrainingSetup.Housekeeping"/>): the fold's
    /// default, and, where <see cref="EngineOptions.KeepFreedMemory"/> fixed glibc's thresholds, handing the memory they keep
    /// back to the system between an epoch's training and its evaluation, whose buffers have other sizes.
    /// </summary>
    public static Housekeeping Housekeeping
    {
        get
        {
            lock (Gate)
                return freedMemoryKept
                    ? Housekeeping.Default with { BetweenTrainingAndEvaluation = () => NativeHeap.ReturnFreedMemory() }
                    : Housekeeping.Default;
        }
    }

    private static void Load()
    {
        // Ask the loader first: its message names the missing library or symbol, which
        // TorchSharp's own failure (a type-initializer exception and a long trace) does not.
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(NativeBridge, typeof(torch).Assembly, null));
        }
        catch (DllNotFoundException e)
        {
            LoadFromPackageFolder(e.Message);
        }

        // TorchSharp writes its load trace to standard output; keep it for diagnostics instead.
        var trace = new StringWriter();
        var stdout = Console.Out;
        Console.SetOut(trace);
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            throw new EngineLoadException(Explain(e.InnerException?.Message ?? e.Message), trace + e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }

    // A notebook loads TorchSharp from the NuGet package folder, where loading by name cannot find libtorch.
    private static void LoadFromPackageFolder(string loaderMessage)
    {
        try
        {
            if (PackageFolderNatives.Load(typeof(torch).Assembly.Location))
                return;
        }
        catch (DllNotFoundException e)
        {
            throw new EngineLoadException(Explain(e.Message), e.Message);
        }
        throw new EngineLoadException(Explain(loaderMessage), loaderMessage);
    }

    /// <summary>Turns a loader message into a paragraph that says what is missing and what to run.</summary>
    internal static string Explain(string loaderMessage)
    {
        var missingSymbol = MissingVersionPattern().Match(loaderMessage);
        if (missingSymbol.Success)
        {
            var symbol = missingSymbol.Groups["symbol"].Value;
            var library = missingSymbol.Groups["library"].Value;
            return symbol.StartsWith("GLIBCXX", StringComparison.Ordinal)
                ? $"The TorchSharp engine (libtorch) cannot start: the C++ runtime {library} lacks {symbol}. " +
                  "libtorch needs the libstdc++ of GCC 13 or newer (Debian 13, Ubuntu 24.04 and later have it). " +
                  "On Debian 12 run 'scripts/install-prerequisites.sh' as root (with sudo where you are not root) from the repository, which installs libstdc++6 from Debian 13; " +
                  "elsewhere install libstdc++6 version 13 or newer with your package manager."
                : $"The TorchSharp engine (libtorch) cannot start: {library} lacks {symbol}. " +
                  "Upgrade that library with your package manager, or see 'scripts/install-prerequisites.sh' for Debian 12.";
        }

        var missingFile = MissingFilePattern().Match(loaderMessage);
        var what = missingFile.Success ? missingFile.Groups["file"].Value : "a native library";
        return $"The TorchSharp engine (libtorch) cannot start: {what} could not be loaded. " +
               "Restore the project again ('dotnet restore') so that its native engine package (libtorch-cpu-linux-x64, TorchSharp-cpu or TorchSharp-cuda-linux) brings its native files, " +
               "and on Debian 12 run 'scripts/install-prerequisites.sh' as root.";
    }

    private static EngineInfo Describe()
    {
        var assembly = typeof(torch).Assembly;
        return new EngineInfo(
            TorchSharpVersion: InformationalVersion(assembly),
            LibTorchVersion: LibTorchVersion(),
            Backend: torch.cuda.is_available() ? "cuda" : "cpu",
            CudaAvailable: torch.cuda.is_available(),
            CpuModel: CpuFeatures.Model,
            CpuCapability: CpuFeatures.Capability,
            Threads: threads,
            InteropThreads: torch.get_num_interop_threads(),
            LogicalCores: Environment.ProcessorCount)
        {
            ThreadWaitSetting = ThreadWaitPolicy.Chosen.Setting,
            ThreadWaitReason = ThreadWaitPolicy.Chosen.Reason,
        };
    }

    private static string InformationalVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString()
                      ?? "unknown";
        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }

    // TorchSharp reports libtorch's version as a four-part assembly-style number (2.10.0.0).
    private static string LibTorchVersion() =>
        Version.TryParse(torch.__version__, out var version) ? version.ToString(3) : torch.__version__;

    [GeneratedRegex(@"(?<library>/\S+): version `(?<symbol>[^']+)' not found")]
    private static partial Regex MissingVersionPattern();

    [GeneratedRegex(@"(?<file>\S+\.so[.\d]*): cannot open shared object file")]
    private static partial Regex MissingFilePattern();
}
