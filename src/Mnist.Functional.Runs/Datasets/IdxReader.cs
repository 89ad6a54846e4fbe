using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using Mnist.Functional.Data;
using Mnist.Functional.IO;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Datasets;

/// <summary>
/// Reads IDX files (raw or gzip) into tensors, checking the header against the file before anything large is
/// allocated: a raw file must be exactly as long as its header says, and a gzip file's header may claim no more than
/// its compressed bytes can expand to. Decompression stops at the length the header gives.
/// </summary>
public static class IdxReader
{
    /// <summary>The most bytes deflate can produce from one compressed byte (its largest expansion, about 1032 : 1).</summary>
    public const long MaxGzipExpansion = 1032;

    /// <summary>The longest body read into one tensor (2 GiB less one byte; MNIST's training images are 47 MB).</summary>
    public const long MaxBodyLength = int.MaxValue;

    private const int MaxHeaderLength = 16;

    /// <summary>Reads an images file of 28 × 28 images: <c>[N, 28, 28] uint8</c>. The tensor belongs to no dispose scope.</summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX images file of 28 × 28 images; the subclass says how.</exception>
    /// <exception cref="NotARegularFileException">The path names a folder, a FIFO or a device.</exception>
    public static Tensor ReadImages(string path) => ReadImages(path, ImageShape.Mnist);

    /// <summary>Reads an images file of <paramref name="shape"/> images: <c>[N, height, width] uint8</c>. The tensor belongs to no dispose scope.</summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX images file of that shape; the subclass says how.</exception>
    /// <exception cref="NotARegularFileException">The path names a folder, a FIFO or a device.</exception>
    public static Tensor ReadImages(string path, ImageShape shape) => Read(path, IdxKind.Images, new Expected(shape, IdxLimits.Default));

    /// <summary>
    /// Reads a labels file: <c>[N] int64</c>. The file holds one unsigned byte per item (MNIST's form), or rows of 32-bit
    /// integers whose first column is the class (QMNIST's <c>idx2-int</c> form). The tensor belongs to no dispose scope.
    /// </summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX labels file, or a label is negative; the subclass says how.</exception>
    /// <exception cref="NotARegularFileException">The path names a folder, a FIFO or a device.</exception>
    public static Tensor ReadLabels(string path)
    {
        using var scope = NewDisposeScope();
        using var bytes = Read(path, IdxKind.Labels, new Expected(null, IdxLimits.Default));
        if (bytes.dim() == 1)
            return bytes.to_type(int64).DetachFromDisposeScope();
        // Big-endian 32-bit integers: the first four bytes of each row are its class.
        using var scalars = new ScalarScope();
        var first = bytes.narrow(1, 0, 4).to_type(int64);
        var labels = first[.., 0].mul(scalars.Of(1L << 24)).add(first[.., 1].mul(scalars.Of(1L << 16))).add(first[.., 2].mul(scalars.Of(1L << 8))).add(first[.., 3]);
        var negative = first[.., 0].ge(scalars.Of(128L));
        if (negative.any().item<bool>())
        {
            var item = negative.nonzero()[0, 0].item<long>();
            throw new IdxLabelException(path, item, "is negative");
        }
        return labels.DetachFromDisposeScope();
    }

    /// <summary>Reads a 28 × 28 images file and its labels file into a <see cref="Split"/>, checking that they hold as many items.</summary>
    /// <exception cref="IdxCountMismatchException">The two files hold different numbers of items.</exception>
    public static Split ReadSplit(string imagesPath, string labelsPath) => ReadSplit(imagesPath, labelsPath, ImageShape.Mnist);

    /// <summary>Reads an images file of <paramref name="shape"/> images and its labels file into a <see cref="Split"/>, checking that they hold as many items.</summary>
    /// <exception cref="IdxCountMismatchException">The two files hold different numbers of items.</exception>
    public static Split ReadSplit(string imagesPath, string labelsPath, ImageShape shape)
    {
        var images = ReadImages(imagesPath, shape);
        Tensor labels;
        try
        {
            labels = ReadLabels(labelsPath);
        }
        catch
        {
            images.Dispose();
            throw;
        }
        if (images.shape[0] == labels.shape[0])
            return new Split(images, labels);

        var (imageCount, labelCount) = (images.shape[0], labels.shape[0]);
        images.Dispose();
        labels.Dispose();
        throw new IdxCountMismatchException(imagesPath, imageCount, labelsPath, labelCount);
    }

    /// <summary>
    /// Checks a file's structure without keeping its contents, and returns its header. A gzip file is decompressed as a
    /// stream, up to the length its header gives (and one byte more, to see that it ends there). Images must be 28 × 28.
    /// </summary>
    /// <param name="path">The file, raw or gzip.</param>
    /// <param name="kind">What it should hold.</param>
    /// <param name="maxLength">The most raw bytes it may hold (such as the catalog's length for the file); a header that claims more is refused before the body is read.</param>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file of <paramref name="kind"/>.</exception>
    public static IdxHeader Inspect(string path, IdxKind kind, long maxLength = long.MaxValue) =>
        Inspect(path, kind, new Expected(kind == IdxKind.Images ? ImageShape.Mnist : null, IdxLimits.Default), maxLength);

    /// <summary>Checks the structure of <paramref name="file"/>'s copy at <paramref name="path"/>, without keeping its contents: its images must have the file's shape, and it may hold no more than the file's length.</summary>
    /// <exception cref="IdxFormatException">The copy is not a valid IDX file of that kind and shape.</exception>
    public static IdxHeader Inspect(string path, DatasetFile file) =>
        Inspect(path, file.Kind, new Expected(file.Kind == IdxKind.Images ? file.Image : null, IdxLimits.Default), file.RawLength);

    /// <summary>
    /// Checks a file that nobody has vetted, of any image size, within <paramref name="limits"/>: the header is refused
    /// before anything is read past it when it claims more than the limits allow, and the body must be exactly as long
    /// as the header says.
    /// </summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file of <paramref name="kind"/>, or claims more than the limits allow.</exception>
    public static IdxHeader Inspect(string path, IdxKind kind, IdxLimits limits) => Inspect(path, kind, new Expected(null, limits), long.MaxValue);

    private static IdxHeader Inspect(string path, IdxKind kind, Expected expected, long maxLength)
    {
        using var content = IdxContent.Open(path);
        var header = content.ReadHeader(kind, expected, maxLength);
        if (content.IsGzip)
            content.SkipBody(header);
        return header;
    }

    private static Tensor Read(string path, IdxKind kind, Expected expected)
    {
        using var content = IdxContent.Open(path);
        var header = content.ReadHeader(kind, expected, long.MaxValue);
        var tensor = empty(header.ElementBytes == 1 ? header.Shape : [header.Count, header.ItemBytes], uint8).DetachFromDisposeScope();
        try
        {
            content.ReadBody(header, tensor.bytes);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>What a header must say: images of exactly <paramref name="Image"/> when given, and anything within <paramref name="Limits"/>.</summary>
    private sealed record Expected(ImageShape? Image, IdxLimits Limits);

    /// <summary>Whether the file starts with the gzip signature, or is named <c>.gz</c> (then it must be gzip).</summary>
    /// <exception cref="NotARegularFileException">The path names a folder, a FIFO or a device.</exception>
    internal static bool IsGzip(string path)
    {
        using var file = InputFile.OpenRead(path, "an IDX file");
        return IsGzip(file, path);
    }

    private static bool IsGzip(FileStream file, string path)
    {
        Span<byte> signature = stackalloc byte[2];
        var gzip = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false) == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
        file.Position = 0;
        return gzip || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An IDX file's content as a stream: the file itself, or its decompression.</summary>
    private sealed class IdxContent(string path, FileStream file, bool isGzip) : IDisposable
    {
        private readonly Stream stream = isGzip ? new GZipStream(file, CompressionMode.Decompress) : file;

        public bool IsGzip => isGzip;

        public static IdxContent Open(string path)
        {
            var file = InputFile.OpenRead(path, "an IDX file");
            try
            {
                return new IdxContent(path, file, IdxReader.IsGzip(file, path));
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>Reads and checks the header: magic number, dimensions, and length against the file (raw) or against what the compressed bytes can hold (gzip).</summary>
        public IdxHeader ReadHeader(IdxKind kind, Expected expected, long maxLength)
        {
            Span<byte> head = stackalloc byte[MaxHeaderLength];
            var read = Fill(head[..4]);
            if (read == 4)
            {
                var dimensions = (int)(BinaryPrimitives.ReadUInt32BigEndian(head) & 0xFF);
                read += Fill(head.Slice(4, Math.Clamp(dimensions, 1, 3) * 4));
            }
            var header = ParseHeader(path, head[..read], isGzip ? read : file.Length, kind, expected);
            if (!isGzip && header.FileLength != file.Length)
                throw new IdxLengthException(path, header.Count, header.FileLength, file.Length);
            if (header.FileLength > maxLength)
                throw new IdxTooLargeException(path, header.Count, header.FileLength, maxLength, "the catalog's file holds");
            if (isGzip && header.FileLength > MaxGzipExpansion * file.Length)
                throw new IdxTooLargeException(path, header.Count, header.FileLength, MaxGzipExpansion * file.Length,
                    $"a gzip file of {file.Length:N0} bytes can expand to");
            if (header.FileLength - header.Length > MaxBodyLength)
                throw new IdxTooLargeException(path, header.Count, header.FileLength, MaxBodyLength, "this reader reads into one tensor");
            return header;
        }

        /// <summary>Reads the body into <paramref name="body"/>, which has the header's length, and checks that the content ends there.</summary>
        public void ReadBody(IdxHeader header, Span<byte> body)
        {
            var read = Fill(body);
            if (read < body.Length)
                throw new IdxLengthException(path, header.Count, header.FileLength, header.Length + read);
            CheckEnd(header);
        }

        /// <summary>Reads past the body without keeping it, checking its length.</summary>
        public void SkipBody(IdxHeader header)
        {
            var buffer = new byte[1 << 16];
            var remaining = header.FileLength - header.Length;
            while (remaining > 0)
            {
                var read = Fill(buffer.AsSpan(0, (int)Math.Min(buffer.Length, remaining)));
                remaining -= read;
                if (read == 0)
                    throw new IdxLengthException(path, header.Count, header.FileLength, header.FileLength - remaining);
            }
            CheckEnd(header);
        }

        private void CheckEnd(IdxHeader header)
        {
            if (!isGzip)
                return;
            Span<byte> probe = stackalloc byte[1];
            if (Fill(probe) > 0)
                throw new IdxTrailingDataException(path, header.Count, header.FileLength);
        }

        private int Fill(Span<byte> buffer)
        {
            try
            {
                return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                throw new IdxCompressionException(path, e.Message, e);
            }
        }

        public void Dispose() => stream.Dispose();
    }

    /// <summary>Checks the magic number and the dimensions; <paramref name="fileLength"/> is the length shown when the header is cut short.</summary>
    private static IdxHeader ParseHeader(string path, ReadOnlySpan<byte> head, long fileLength, IdxKind kind, Expected expected)
    {
        if (head.Length < 4)
            throw new IdxTruncatedException(path, fileLength, 4);
        var magic = BinaryPrimitives.ReadUInt32BigEndian(head);
        var integerLabels = kind == IdxKind.Labels && magic == IntegerLabelsMagic;
        if (magic != (uint)kind && !integerLabels)
            throw new IdxMagicNumberException(path, magic, kind);

        var dimensions = (int)(magic & 0xFF);
        var headerLength = 4 + 4 * dimensions;
        if (head.Length < headerLength)
            throw new IdxTruncatedException(path, fileLength, headerLength);

        var sizes = new long[dimensions];
        for (var i = 0; i < dimensions; i++)
            sizes[i] = BinaryPrimitives.ReadUInt32BigEndian(head[(4 + 4 * i)..]);
        var itemShape = sizes[1..];
        var limits = expected.Limits;
        if (kind == IdxKind.Images && expected.Image is { } image && (itemShape[0] != image.Height || itemShape[1] != image.Width))
            throw new IdxDimensionsException(path, string.Join(" × ", sizes), $"{sizes[0]} × {image.Height} × {image.Width}");
        if (kind == IdxKind.Images && (itemShape.Any(side => side < 1 || side > limits.MaxSide) || itemShape[0] * itemShape[1] > limits.MaxPixels))
            throw new IdxOutOfLimitsException(path, string.Create(CultureInfo.InvariantCulture, $"the header gives images of {itemShape[0]} × {itemShape[1]} pixels, but an image may have 1 to {limits.MaxSide} pixels a side and {limits.MaxPixels:N0} pixels in all"));
        if (integerLabels && (itemShape[0] < 1 || itemShape[0] > limits.MaxLabelColumns))
            throw new IdxOutOfLimitsException(path, $"the header gives {itemShape[0]} integers per label, but a labels file may have 1 to {limits.MaxLabelColumns} (the first is the class)");
        if (sizes[0] > limits.MaxItems)
            throw new IdxOutOfLimitsException(path, string.Create(CultureInfo.InvariantCulture, $"the header claims {sizes[0]:N0} items, more than the {limits.MaxItems:N0} a file may hold"));
        return new IdxHeader(kind, sizes[0], itemShape, integerLabels ? 4 : 1);
    }

    /// <summary>The magic number of a labels file of 32-bit integer rows, as QMNIST's <c>idx2-int</c> files: type <c>0x0C</c>, 2 dimensions.</summary>
    public const uint IntegerLabelsMagic = 0x0C02;
}
