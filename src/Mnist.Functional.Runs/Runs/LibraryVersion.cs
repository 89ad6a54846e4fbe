using System.Reflection;

namespace Mnist.Functional.Runs;

/// <summary>The version of this library, as recorded with every run: <c>1.0.0+&lt;commit&gt;</c> when built from a git checkout.</summary>
public static class LibraryVersion
{
    /// <summary>The informational version of the Mnist.Functional assembly (its version and, when known, the source commit).</summary>
    public static string Current { get; } =
        typeof(LibraryVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(LibraryVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
