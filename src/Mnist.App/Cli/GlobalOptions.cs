using System.CommandLine;

namespace Mnist.App.Cli;

/// <summary>Options that every command understands.</summary>
public static class GlobalOptions
{
    /// <summary><c>--verbose</c>: show stack traces and loader reports with errors.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show full diagnostics (stack traces, loader reports) with errors.",
        Recursive = true,
    };
}
