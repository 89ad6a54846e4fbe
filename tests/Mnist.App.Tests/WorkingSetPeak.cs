using System.Diagnostics;

namespace Mnist.App.Tests;

/// <summary>Samples this process's working set every few milliseconds until disposed, for tests that bound how much memory a command grows by.</summary>
internal sealed class WorkingSetPeak : IAsyncDisposable
{
    private readonly Process process = Process.GetCurrentProcess();
    private readonly CancellationTokenSource sampling = new();
    private readonly Task sampler;
    private long peak;

    private WorkingSetPeak(TimeSpan every)
    {
        process.Refresh();
        Baseline = peak = process.WorkingSet64;
        sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(every);
            }
        });
    }

    /// <summary>Starts sampling now; the working set at this moment is the baseline.</summary>
    public static WorkingSetPeak Start(TimeSpan every) => new(every);

    /// <summary>The working set when sampling started, in bytes.</summary>
    public long Baseline { get; }

    /// <summary>Stops sampling and gives how far the working set rose above the baseline, in MiB.</summary>
    public async Task<double> StopAsync()
    {
        await sampling.CancelAsync();
        await sampler;
        return (peak - Baseline) / (1024.0 * 1024.0);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!sampling.IsCancellationRequested) await StopAsync();
        sampling.Dispose();
        process.Dispose();
    }
}
