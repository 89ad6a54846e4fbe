using System.CommandLine;
using Mnist.Functional.Native;

namespace Mnist.App.Cli;

/// <summary><c>--threads</c>: libtorch's intra-op threads, bounded by this machine's cores before any thread is made.</summary>
public static class ThreadCount
{
    /// <summary>Creates the option (a whole number of at least 1; the machine's bound is checked by <see cref="Checked"/>).</summary>
    public static Option<int?> Create() =>
        NumberOptions.Whole("--threads", $"Intra-op threads for libtorch (default: one per core; at most four per core, {Engine.MaxThreads} here).");

    /// <summary>The thread count, if it is one this machine can use.</summary>
    /// <exception cref="ArgumentException">More than <see cref="Engine.MaxThreads"/> threads were asked for (exit 2); the message names the option and the core count.</exception>
    public static int? Checked(int? threads) =>
        threads > Engine.MaxThreads
            ? throw new ArgumentException(
                $"--threads {threads} is more than this machine can use: it has {Environment.ProcessorCount} logical cores, and at most " +
                $"{Engine.MaxThreads} threads (four per core) are accepted. Leave --threads out to use one per core.")
            : threads;
}
