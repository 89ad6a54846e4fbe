using Mnist.Functional.Native;

namespace Mnist.App.Cli;

/// <summary>
/// How every command starts the engine: with its <c>--threads</c>, or one per core when it has none, whatever count an
/// earlier command in the same process (a test suite, a notebook) left, so that a command's figures depend on what it was
/// asked alone, as when it runs in a process of its own.
/// </summary>
public static class CommandEngine
{
    /// <summary>Starts the engine with <paramref name="options"/> and <paramref name="threads"/> intra-op threads, or <see cref="Engine.DefaultThreads"/>.</summary>
    /// <exception cref="ArgumentException">More threads than this machine can use (<see cref="ThreadCount.Checked"/>; exit 2).</exception>
    /// <exception cref="EngineLoadException">The native library cannot be loaded.</exception>
    public static EngineInfo Start(EngineOptions options, int? threads = null)
    {
        var asked = ThreadCount.Checked(threads);
        Engine.Start(options);
        return Engine.Start(options.WithThreads(asked ?? Engine.DefaultThreads));
    }
}
