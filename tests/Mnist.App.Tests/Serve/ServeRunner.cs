using System.Diagnostics;
using System.Text.RegularExpressions;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Serve;

/// <summary>Starts <c>serve</c> in process on a free port and stops it as Ctrl+C would.</summary>
public static class ServeRunner
{
    /// <summary>Starts serve on <paramref name="checkpoint"/> with <paramref name="args"/>; returns its address, what it says on stderr, and how to stop it.</summary>
    public static async Task<(Uri Address, StringWriter Error, CancellationTokenSource Stop, Task<int> Server)> StartAsync(string checkpoint, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var stop = new CancellationTokenSource();
        var server = MnistCli.RunAsync(["serve", "--checkpoint", checkpoint, "--port", "0", .. args], TextWriter.Synchronized(output), TextWriter.Synchronized(error), stop.Token);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !server.IsCompleted)
        {
            await Task.Delay(100);
            if (Regex.Match(output.ToString(), @"on (http://[^ ]+:(\d+)/)") is { Success: true } match)
                return (new Uri($"http://127.0.0.1:{match.Groups[2].Value}/"), error, stop, server);
        }
        Assert.Fail($"serve printed no address: {output}{error}");
        throw new UnreachableException();
    }

    /// <summary>Stops a server <see cref="StartAsync"/> started, and checks that it ends as on Ctrl+C.</summary>
    public static async Task StopAsync(CancellationTokenSource stop, Task<int> server)
    {
        await stop.CancelAsync();
        Assert.That(await server.WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(ExitCodes.Cancelled));
        stop.Dispose();
    }
}
