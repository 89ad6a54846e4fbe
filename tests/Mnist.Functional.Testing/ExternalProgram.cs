using System.Diagnostics;

namespace Mnist.Functional.Testing;

/// <summary>Runs another program (Jupyter, Python) to its end for a test, with a time limit.</summary>
public static class ExternalProgram
{
    /// <summary>Runs <paramref name="program"/> in <paramref name="folder"/>, with <paramref name="environment"/>'s variables added, and returns what it wrote to standard output.</summary>
    /// <exception cref="ExternalProgramException">It exits with another code than 0 or runs past <paramref name="limit"/>.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">There is no such program.</exception>
    public static string Run(string program, IEnumerable<string> arguments, string folder, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var command = $"{program} {string.Join(' ', arguments)} (in {folder})";
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new ExternalProgramException($"{command} ran past {limit.TotalMinutes} minutes.");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new ExternalProgramException($"{command} exited with {process.ExitCode}:\n{Tail(output.Result + error.Result)}");
        return output.Result;
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}

/// <summary>A program a test ran failed or ran too long; the message gives the command and the end of its output.</summary>
public sealed class ExternalProgramException(string message) : Exception(message);
