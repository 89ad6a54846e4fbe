namespace Mnist.Functional.Runs.Tests.IO;

/// <summary>
/// A stream of <paramref name="length"/> bytes: <paramref name="prefix"/>, then <paramref name="pattern"/> over and over,
/// made on demand: a huge input that costs no memory.
/// </summary>
internal sealed class RepeatingStream(byte[] pattern, long length, byte[]? prefix = null) : Stream
{
    private readonly byte[] prefix = prefix ?? [];
    private long position;

    /// <summary>One byte, <paramref name="length"/> times, after <paramref name="prefix"/>.</summary>
    public static RepeatingStream Constant(byte value, long length, byte[]? prefix = null) => new([value], length, prefix);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - position);
        for (var i = 0; i < count; i++, position++)
            buffer[i] = position < prefix.Length ? prefix[position] : pattern[(position - prefix.Length) % pattern.Length];
        return count;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Passes reads through and counts the bytes, so that a test can bound what a reader pulled from its input.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        BytesRead += read;
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
