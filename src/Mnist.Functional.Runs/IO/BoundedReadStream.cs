namespace Mnist.Functional.IO;

/// <summary>
/// A read-only view of a stream that gives at most <c>limit</c> bytes and throws as soon as the stream holds more,
/// so that a decompressor or a download stops at the size its content can justify instead of at the end of memory.
/// </summary>
/// <param name="inner">The stream read from (a gzip stream, a response body).</param>
/// <param name="limit">The most bytes the content may have.</param>
/// <param name="tooLong">Makes the exception to throw when the stream holds more than <paramref name="limit"/> bytes.</param>
/// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="inner"/> open.</param>
public sealed class BoundedReadStream(Stream inner, long limit, Func<Exception> tooLong, bool leaveOpen = false) : Stream
{
    private long count;

    /// <summary>The bytes given so far.</summary>
    public long BytesRead => count;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => count; set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return 0;
        if (count >= limit)
        {
            Span<byte> probe = stackalloc byte[1];
            return inner.Read(probe) == 0 ? 0 : throw tooLong();
        }
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, limit - count)]);
        count += read;
        return read;
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
            return 0;
        if (count >= limit)
        {
            var probe = new byte[1];
            return await inner.ReadAsync(probe, cancellationToken) == 0 ? 0 : throw tooLong();
        }
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - count)], cancellationToken);
        count += read;
        return read;
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Flush() { }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
            inner.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        if (!leaveOpen)
            await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
