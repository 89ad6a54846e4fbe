namespace Mnist.App.Tests;

/// <summary>Runs the command line in process and captures what it writes.</summary>
public static class AppRunner
{
    /// <summary>The exit code and the text written to standard output and standard error.</summary>
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs <c>mnist</c> with <paramref name="args"/>.</summary>
    public static async Task<Result> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MnistCli.RunAsync(args, output, error);
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>How to start the app as its own process (<c>dotnet mnist.dll ARGS</c>), its output and errors redirected.</summary>
    public static System.Diagnostics.ProcessStartInfo OwnProcess(IEnumerable<string> args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(MnistCli).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }
}
