namespace Mnist.Functional.Native;

/// <summary>
/// The native engine (libtorch through TorchSharp) could not be loaded. The message is a short
/// paragraph for a person: what is missing and the command that fixes it.
/// </summary>
public sealed class EngineLoadException : Exception
{
    /// <summary>Creates the exception with a readable message and the loader's own report as detail.</summary>
    /// <param name="message">What is missing and how to fix it.</param>
    /// <param name="loaderReport">The dynamic loader's and TorchSharp's own text, for <c>--verbose</c>.</param>
    public EngineLoadException(string message, string loaderReport) : base(message) => LoaderReport = loaderReport;

    /// <summary>The dynamic loader's and TorchSharp's own text, kept for diagnostics.</summary>
    public string LoaderReport { get; }
}
