using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using Mnist.Functional.Datasets;

namespace Mnist.Functional.Runs.Tests.Datasets;

/// <summary>Small IDX files written by the tests themselves, and a made-up dataset built from them.</summary>
internal static class IdxFiles
{
    /// <summary>An IDX images file of <paramref name="count"/> images (<paramref name="rows"/> × <paramref name="columns"/>); pixel = (item · 7 + offset) mod 256.</summary>
    public static byte[] Images(int count, int rows = 28, int columns = 28, uint magic = 0x0803)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), (uint)rows);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), (uint)columns);
        for (var i = 16; i < bytes.Length; i++)
            bytes[i] = (byte)(((i - 16) / (rows * columns) * 7 + i) % 256);
        return bytes;
    }

    /// <summary>An IDX labels file of <paramref name="count"/> labels: item i has label i mod 10.</summary>
    public static byte[] Labels(int count, uint magic = 0x0801)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)count);
        for (var i = 0; i < count; i++)
            bytes[8 + i] = (byte)(i % 10);
        return bytes;
    }

    /// <summary>The gzip compression of <paramref name="bytes"/>.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(bytes);
        return output.ToArray();
    }

    /// <summary>A copy of <paramref name="bytes"/> with its last bit flipped: as long and as well formed, but another file.</summary>
    public static byte[] Corrupted(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[^1] ^= 1;
        return copy;
    }

    /// <summary>
    /// A gzip bomb: <paramref name="head"/> followed by <paramref name="zeros"/> zero bytes, compressed (about 1,000 : 1).
    /// 256 MiB of zeros make about 250 kB.
    /// </summary>
    public static byte[] GzipBomb(byte[] head, long zeros)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(head);
            var block = new byte[1 << 20];
            for (var left = zeros; left > 0; left -= block.Length)
                gzip.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        return output.ToArray();
    }

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The raw contents of the four files of <see cref="Dataset"/>, by standard name: 30 training and 10 test items.</summary>
    public static IReadOnlyDictionary<string, byte[]> Contents { get; } = new Dictionary<string, byte[]>
    {
        ["train-images-idx3-ubyte"] = Images(30),
        ["train-labels-idx1-ubyte"] = Labels(30),
        ["t10k-images-idx3-ubyte"] = Images(10),
        ["t10k-labels-idx1-ubyte"] = Labels(10),
    };

    /// <summary>A dataset of <see cref="Contents"/>, with the given mirrors and no package copies.</summary>
    public static DatasetInfo Dataset(params Uri[] mirrors) => new(
        Id: "tiny",
        Title: "Tiny",
        ClassNames: [.. Enumerable.Range(0, 10).Select(i => $"c{i}")],
        Files: DatasetCatalog.StandardFiles(
            trainImages: Sha256(Contents["train-images-idx3-ubyte"]),
            trainLabels: Sha256(Contents["train-labels-idx1-ubyte"]),
            testImages: Sha256(Contents["t10k-images-idx3-ubyte"]),
            testLabels: Sha256(Contents["t10k-labels-idx1-ubyte"]),
            trainCount: 30,
            testCount: 10),
        Mirrors: mirrors);

    /// <summary>Writes <see cref="Contents"/> into <paramref name="folder"/>, gzip-compressed as <c>NAME.gz</c> when <paramref name="gzip"/>.</summary>
    public static string WriteAll(string folder, bool gzip = false)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in Contents)
            File.WriteAllBytes(Path.Combine(folder, gzip ? name + ".gz" : name), gzip ? Gzip(bytes) : bytes);
        return folder;
    }
}
