using System.Buffers.Binary;
using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Data;

/// <summary>Reads IDX files (raw or gzip) into tensors, checking the header against the file before anything large is allocated.</summary>
public static class IdxReader
{
    private const int MaxHeaderLength = 16;

    /// <summary>Reads an images file: <c>[N, 28, 28] uint8</c>. The tensor belongs to no dispose scope.</summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX images file of 28 × 28 images; the subclass says how.</exception>
    public static Tensor ReadImages(string path) => Read(path, IdxKind.Images);

    /// <summary>Reads a labels file: <c>[N] int64</c>. The tensor belongs to no dispose scope.</summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX labels file; the subclass says how.</exception>
    public static Tensor ReadLabels(string path)
    {
        using var bytes = Read(path, IdxKind.Labels);
        return bytes.to_type(int64).DetachFromDisposeScope();
    }

    /// <summary>Reads an images file and its labels file into a <see cref="Split"/>, checking that they hold as many items.</summary>
    /// <exception cref="IdxCountMismatchException">The two files hold different numbers of items.</exception>
    public static Split ReadSplit(string imagesPath, string labelsPath)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (images.shape[0] == labels.shape[0])
            return new Split(images, labels);

        var (imageCount, labelCount) = (images.shape[0], labels.shape[0]);
        images.Dispose();
        labels.Dispose();
        throw new IdxCountMismatchException(imagesPath, imageCount, labelsPath, labelCount);
    }

    /// <summary>Checks a file's structure without keeping its contents, and returns its header.</summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file of <paramref name="kind"/>.</exception>
    public static IdxHeader Inspect(string path, IdxKind kind)
    {
        if (!IsGzip(path))
        {
            using var handle = File.OpenHandle(path);
            return ReadHeader(path, handle, kind);
        }
        var bytes = Decompress(path);
        return ParseHeader(path, bytes, bytes.Length, kind);
    }

    private static Tensor Read(string path, IdxKind kind)
    {
        if (IsGzip(path))
        {
            var bytes = Decompress(path);
            var header = ParseHeader(path, bytes, bytes.Length, kind);
            var tensor = empty(header.Shape, uint8).DetachFromDisposeScope();
            bytes.AsSpan(header.Length).CopyTo(tensor.bytes);
            return tensor;
        }

        using var handle = File.OpenHandle(path);
        var rawHeader = ReadHeader(path, handle, kind);
        var raw = empty(rawHeader.Shape, uint8).DetachFromDisposeScope();
        var body = raw.bytes;
        var offset = 0;
        while (offset < body.Length)
        {
            var read = RandomAccess.Read(handle, body[offset..], rawHeader.Length + offset);
            if (read == 0)
            {
                raw.Dispose();
                throw new IdxLengthException(path, rawHeader.Count, rawHeader.FileLength, rawHeader.Length + offset);
            }
            offset += read;
        }
        return raw;
    }

    private static IdxHeader ReadHeader(string path, Microsoft.Win32.SafeHandles.SafeFileHandle handle, IdxKind kind)
    {
        Span<byte> head = stackalloc byte[MaxHeaderLength];
        var read = RandomAccess.Read(handle, head, 0);
        return ParseHeader(path, head[..read], RandomAccess.GetLength(handle), kind);
    }

    /// <summary>Checks the magic number, the dimensions and the item count against <paramref name="fileLength"/>.</summary>
    private static IdxHeader ParseHeader(string path, ReadOnlySpan<byte> head, long fileLength, IdxKind kind)
    {
        if (head.Length < 4)
            throw new IdxTruncatedException(path, fileLength, 4);
        var magic = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (magic != (uint)kind)
            throw new IdxMagicNumberException(path, magic, kind);

        var dimensions = kind == IdxKind.Images ? 3 : 1;
        var headerLength = 4 + 4 * dimensions;
        if (head.Length < headerLength)
            throw new IdxTruncatedException(path, fileLength, headerLength);

        var sizes = new long[dimensions];
        for (var i = 0; i < dimensions; i++)
            sizes[i] = BinaryPrimitives.ReadUInt32BigEndian(head[(4 + 4 * i)..]);
        var itemShape = sizes[1..];
        if (itemShape.Any(size => size != DatasetInfo.ImageSize))
            throw new IdxDimensionsException(path, string.Join(" × ", sizes), $"{sizes[0]} × {DatasetInfo.ImageSize} × {DatasetInfo.ImageSize}");

        var header = new IdxHeader(kind, sizes[0], itemShape);
        if (header.FileLength != fileLength)
            throw new IdxLengthException(path, header.Count, header.FileLength, fileLength);
        return header;
    }

    /// <summary>Whether the file starts with the gzip signature, or is named <c>.gz</c> (then it must be gzip).</summary>
    internal static bool IsGzip(string path)
    {
        Span<byte> signature = stackalloc byte[2];
        using (var handle = File.OpenHandle(path))
        {
            if (RandomAccess.Read(handle, signature, 0) == 2 && signature[0] == 0x1f && signature[1] == 0x8b)
                return true;
        }
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Decompresses a whole gzip file into memory; the result's length is what the stream gives, not what a header claims.</summary>
    internal static byte[] Decompress(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new IdxCompressionException(path, e.Message, e);
        }
    }
}
