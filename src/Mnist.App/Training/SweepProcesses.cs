using System.Diagnostics;
using System.Globalization;

namespace Mnist.App.Training;

/// <summary>
/// <c>--parallel K</c>: K copies of this program, each running <c>mnist sweep</c> on the same folder and shard, which share
/// the trials through their claims. Their lines are passed on, each with its worker's number.
/// </summary>
public static class SweepProcesses
{
    /// <summary>Starts <paramref name="count"/> workers with <paramref name="arguments"/> and waits for all; returns the first non-zero exit code, else 0.</summary>
    /// <param name="count">How many workers.</param>
    /// <param name="arguments">The arguments of each worker's <c>mnist</c> command.</param>
    /// <param name="error">Where the workers' lines go.</param>
    /// <param name="cancellation">Asks the workers to stop (each stops its trial at a safe point and gives it up).</param>
    public static async Task<int> RunAsync(int count, IReadOnlyList<string> arguments, TextWriter error, CancellationToken cancellation)
    {
        var (program, prefix) = Self();
        var workers = new List<Process>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var argument in prefix.Concat(arguments)) start.ArgumentList.Add(argument);
                var process = Process.Start(start) ?? throw new IOException($"Could not start worker {i + 1} ({program}).");
                var label = string.Create(CultureInfo.InvariantCulture, $"[worker {i + 1}, pid {process.Id}] ");
                process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) lock (error) error.WriteLine(label + text); };
                process.OutputDataReceived += (_, line) => { if (line.Data is { } text) lock (error) error.WriteLine(label + text); };
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                workers.Add(process);
            }
            using var stop = cancellation.Register(() => workers.ForEach(Interrupt));
            await Task.WhenAll(workers.Select(worker => worker.WaitForExitAsync(CancellationToken.None)));
            return workers.Select(worker => worker.ExitCode).FirstOrDefault(code => code != 0);
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }
    }

    // This program as it was started: its own executable, or the dotnet host with this assembly.
    private static (string Program, string[] Prefix) Self()
    {
        var program = Environment.ProcessPath ?? throw new IOException("This process cannot tell which program it is, so it cannot start workers; run the sweep without --parallel.");
        var name = Path.GetFileNameWithoutExtension(program);
        return name.Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? (program, [typeof(SweepProcesses).Assembly.Location])
            : (program, []);
    }

    // SIGINT, as Ctrl+C sends it, so that a worker stops its trial at a safe point; a worker that already ended is passed over.
    private static void Interrupt(Process worker)
    {
        try
        {
            if (!worker.HasExited && OperatingSystem.IsLinux())
                using (Process.Start("kill", ["-INT", worker.Id.ToString(CultureInfo.InvariantCulture)])) { }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }
}
