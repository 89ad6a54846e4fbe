using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Mnist.Functional.Reports.Tests;

/// <summary>An independent reader for the 8-bit PNGs the report writes (grey, and RGB for heatmaps): checks the signature and every chunk's CRC, and undoes the row filters.</summary>
internal static class PngReader
{
    /// <summary>A grey image's width, height and pixels, row-major.</summary>
    public static (int Width, int Height, byte[] Pixels) ReadGrey(byte[] file) => Read(file, channels: 1);

    /// <summary>An RGB image's width, height and samples, row-major, three bytes a pixel.</summary>
    public static (int Width, int Height, byte[] Samples) ReadRgb(byte[] file) => Read(file, channels: 3);

    private static (int Width, int Height, byte[] Samples) Read(byte[] file, int channels)
    {
        Assert.That(file.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        var chunks = new List<string>();
        for (var offset = 8; offset < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            var type = Encoding.ASCII.GetString(file, offset + 4, 4);
            var data = file.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset + 8 + length));
            Assert.That(crc, Is.EqualTo(Crc32(file.AsSpan(offset + 4, 4 + length))), $"CRC of chunk {type}");
            chunks.Add(type);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.That(data[8..].ToArray(), Is.EqualTo(new byte[] { 8, channels == 1 ? (byte)0 : (byte)2, 0, 0, 0 }), "8-bit grey or RGB, deflate, no interlace");
            }
            if (type == "IDAT") idat.Write(data);
            offset += 12 + length;
        }
        Assert.That(chunks, Is.EqualTo(new[] { "IHDR", "IDAT", "IEND" }));

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var scanlines = inflated.ToArray();
        var rowBytes = width * channels;
        Assert.That(scanlines, Has.Length.EqualTo(height * (rowBytes + 1)));
        var pixels = new byte[rowBytes * height];
        for (var row = 0; row < height; row++)
        {
            Assert.That(scanlines[row * (rowBytes + 1)], Is.Zero, "filter type None");
            Array.Copy(scanlines, (row * (rowBytes + 1)) + 1, pixels, row * rowBytes, rowBytes);
        }
        return (width, height, pixels);
    }

    // The CRC-32 of ISO 3309 / PNG, bit by bit, as a reference independent of the encoder's library.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
