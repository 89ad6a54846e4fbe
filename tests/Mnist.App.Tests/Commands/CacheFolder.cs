using Mnist.Functional.Datasets.Sources;

namespace Mnist.App.Tests.Commands;

/// <summary>Points the data cache (<see cref="DataCache.EnvironmentVariable"/>) at a folder of the test's own until disposed, so that the user's cache is left alone.</summary>
public sealed class CacheFolder : IDisposable
{
    private readonly string? before = Environment.GetEnvironmentVariable(DataCache.EnvironmentVariable);

    /// <summary>Sets the cache to <paramref name="folder"/>.</summary>
    public CacheFolder(string folder) => Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, folder);

    /// <summary>Restores the cache the process had.</summary>
    public void Dispose() => Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, before);
}
