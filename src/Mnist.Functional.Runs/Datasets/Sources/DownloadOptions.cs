namespace Mnist.Functional.Datasets.Sources;

/// <summary>How patient downloads are: short enough that a machine without internet fails in seconds.</summary>
/// <param name="ConnectTimeout">The longest wait to connect to a mirror.</param>
/// <param name="IdleTimeout">The longest wait for response headers or for the next bytes of a body.</param>
/// <param name="Attempts">Tries per file and mirror, for failures that may pass (dropped connections, time-outs, 5xx).</param>
/// <param name="Backoff">The pause before the second try; it doubles for each later one.</param>
/// <param name="NpmTimeout">The longest an <c>npm pack</c> may run.</param>
public sealed record DownloadOptions(TimeSpan ConnectTimeout, TimeSpan IdleTimeout, int Attempts, TimeSpan Backoff, TimeSpan NpmTimeout)
{
    /// <summary>5 s to connect, 15 s of silence, 3 tries from 0.5 s apart, 5 minutes for npm.</summary>
    public static DownloadOptions Default { get; } = new(
        ConnectTimeout: TimeSpan.FromSeconds(5),
        IdleTimeout: TimeSpan.FromSeconds(15),
        Attempts: 3,
        Backoff: TimeSpan.FromSeconds(0.5),
        NpmTimeout: TimeSpan.FromMinutes(5));

    /// <summary>The pause before try number <paramref name="attempt"/> (2, 3, ...): <c>Backoff · 2^(attempt − 2)</c>.</summary>
    public TimeSpan PauseBefore(int attempt) => Backoff * Math.Pow(2, attempt - 2);
}
