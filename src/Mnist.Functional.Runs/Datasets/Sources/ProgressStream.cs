using System.Diagnostics;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>A read-only stream that counts the bytes read through it, reports progress, and fails a read that stalls. It does not own <c>inner</c>.</summary>
internal sealed class ProgressStream(Stream inner, string file, string source, long? totalBytes, IProgress<DownloadProgress>? progress, TimeSpan idleTimeout)
    : Stream
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(100);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan lastReport = -ReportEvery;
    private long bytes;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => bytes; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, idle.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no data for {idleTimeout.InSeconds()} after {bytes} bytes");
        }
        bytes += read;
        Report(done: read == 0);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    private void Report(bool done)
    {
        if (progress is null || (!done && clock.Elapsed - lastReport < ReportEvery))
            return;
        lastReport = clock.Elapsed;
        progress.Report(new DownloadProgress(file, source, bytes, totalBytes, bytes / Math.Max(clock.Elapsed.TotalSeconds, 1e-3), done));
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
