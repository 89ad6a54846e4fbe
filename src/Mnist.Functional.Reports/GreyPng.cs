using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Mnist.Functional.Reports;

/// <summary>Encodes an 8-bit grey image as a PNG file, small enough to inline in HTML as a data URI (and, for <see cref="HeatmapPng"/>, an RGB one).</summary>
/// <remarks>
/// The file is the PNG signature, an IHDR chunk (colour type 0, or 2 for RGB; bit depth 8; no interlace), one IDAT
/// chunk holding the zlib-compressed scanlines, each led by filter byte 0, and an empty IEND chunk.
/// Each chunk ends with the CRC-32 of its type and data.
/// </remarks>
public static class GreyPng
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG file for <paramref name="pixels"/>: <c>[height, width]</c> bytes, row-major, 0 black and 255 white.</summary>
    /// <exception cref="ArgumentException">The pixel count is not <paramref name="height"/>·<paramref name="width"/>.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height) => Encode(pixels, width, height, GreyChannels);

    /// <summary>
    /// The PNG file for an 8-bit image of <paramref name="channels"/> samples a pixel (1: grey, colour type 0; 3: red,
    /// green, blue, colour type 2): <c>[height, width, channels]</c> bytes, row-major.
    /// </summary>
    /// <exception cref="ArgumentException">The sample count is not <paramref name="height"/>·<paramref name="width"/>·<paramref name="channels"/>, or channels is neither 1 nor 3.</exception>
    internal static byte[] Encode(ReadOnlySpan<byte> samples, int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is not (GreyChannels or RgbChannels))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A page's PNG is grey (1 channel) or RGB (3).");
        if (samples.Length != width * height * channels)
            throw new ArgumentException(channels == GreyChannels
                ? $"A {width}×{height} image needs {width * height} pixels, not {samples.Length}."
                : $"A {width}×{height} RGB image needs {width * height * channels} bytes, not {samples.Length}.", nameof(samples));

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = channels == GreyChannels ? (byte)0 : (byte)2; // colour type; bytes 10..12 (deflate, adaptive filtering, no interlace) are all 0

        using var file = new MemoryStream();
        file.Write(Signature);
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", Compress(samples, width * channels, height));
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>The PNG as a <c>data:image/png;base64,...</c> URI, for an <c>img</c> element's <c>src</c>.</summary>
    public static string ToDataUri(ReadOnlySpan<byte> pixels, int width, int height) =>
        "data:image/png;base64," + Convert.ToBase64String(Encode(pixels, width, height));

    private const int GreyChannels = 1;

    /// <summary>Samples a pixel of an RGB image.</summary>
    internal const int RgbChannels = 3;

    // rowBytes: the bytes of one scanline, without its filter byte.
    private static byte[] Compress(ReadOnlySpan<byte> pixels, int rowBytes, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var row = 0; row < height; row++)
            {
                zlib.WriteByte(0); // filter type None: the row's bytes follow as they are
                zlib.Write(pixels.Slice(row * rowBytes, rowBytes));
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream file, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData.AsSpan(4));
        file.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(typeAndData));
        file.Write(word);
    }
}
