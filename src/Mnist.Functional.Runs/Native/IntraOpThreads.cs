using TorchSharp;

namespace Mnist.Functional.Native;

/// <summary>
/// libtorch's intra-op thread count for one piece of work, set on the operating-system thread that does it and put back
/// when the work ends: <c>using (IntraOpThreads.Use(spec.Threads)) { … }</c>. Dispose it on the thread that made it,
/// before any <c>await</c>.
/// </summary>
/// <remarks>
/// libtorch keeps the count per operating-system thread. Its OpenMP backend's <c>at::set_num_threads</c> calls
/// <c>omp_set_num_threads</c>, which sets only the calling thread's OpenMP count (and a process-wide value that threads
/// first using libtorch afterwards adopt), and a thread that used libtorch before keeps the count it had then
/// (aten/src/ATen/ParallelOpenMP.cpp: <c>set_num_threads</c>, <c>init_num_threads</c>; aten/src/ATen/Parallel.h:
/// <c>lazy_init_num_threads</c>). Reductions and matrix products split their work by that count, so the last bits of a
/// sum depend on it. In a process that changed the count once (a test, a second command), work resumed after an
/// <c>await</c> lands on any pool thread, and would get whatever count that thread had: the same run, twice, gave
/// different weights. Work that sets its own count here computes the same figures on every thread.
/// </remarks>
public sealed class IntraOpThreads : IDisposable
{
    private readonly int previous;
    private readonly int owner;
    private bool disposed;

    private IntraOpThreads(int count, int previous)
    {
        Count = count;
        this.previous = previous;
        owner = Environment.CurrentManagedThreadId;
    }

    /// <summary>The intra-op threads the work on this thread uses until this is disposed.</summary>
    public int Count { get; }

    /// <summary>
    /// Sets the calling thread's count to <paramref name="threads"/>, or, for <see langword="null"/>, to the engine's
    /// (<see cref="EngineInfo.Threads"/>: the count the host started it with, one per core unless it chose another),
    /// starting the engine with its defaults if no host has.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1 or more than <see cref="Engine.MaxThreads"/>.</exception>
    public static IntraOpThreads Use(int? threads)
    {
        if (threads is < 1 || threads > Engine.MaxThreads)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"The thread count must be from 1 to {Engine.MaxThreads}, four per logical core of this machine's {Environment.ProcessorCount}.");
        var count = threads ?? Engine.Start().Threads;
        var previous = torch.get_num_threads();
        if (previous != count)
            torch.set_num_threads(count);
        return new IntraOpThreads(count, previous);
    }

    /// <summary>Puts back the count the calling thread had before.</summary>
    /// <exception cref="InvalidOperationException">Disposed on another thread than the one it was made on (an <c>await</c> inside its scope).</exception>
    public void Dispose()
    {
        if (disposed) return;
        if (Environment.CurrentManagedThreadId != owner)
            throw new InvalidOperationException("An intra-op thread count was set on one thread and given back on another: keep its scope free of awaits.");
        disposed = true;
        if (torch.get_num_threads() != previous)
            torch.set_num_threads(previous);
    }
}
