using System.Buffers.Binary;

namespace Mnist.Functional.Runs.Tests.Datasets;

/// <summary>A letters-like IDX set made from nothing: 26 classes labelled 1 to 26 (as EMNIST's letters are), 32 × 32 images.</summary>
public static class LetterFiles
{
    /// <summary>Rows and columns of each image.</summary>
    public const int Side = 32;

    /// <summary>The number of classes.</summary>
    public const int Classes = 26;

    /// <summary>Writes the four files of <paramref name="train"/> and <paramref name="test"/> images per class into <paramref name="folder"/>, the test images gzip-compressed.</summary>
    public static string WriteAll(string folder, int train, int test)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), Images(Classes * train));
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), Labels(Classes * train));
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(Path.Combine(folder, "t10k-images-idx3-ubyte.gz")), System.IO.Compression.CompressionLevel.Fastest))
            gzip.Write(Images(Classes * test));
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte"), Labels(Classes * test));
        return folder;
    }

    /// <summary>An images file: item i is a bright bar at row 2 + (i mod 26), what a small network can tell apart.</summary>
    public static byte[] Images(int count)
    {
        var bytes = new byte[16 + (count * Side * Side)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x0803);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), Side);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), Side);
        for (var i = 0; i < count; i++)
            for (var column = 4; column < Side - 4; column++)
                bytes[16 + (i * Side * Side) + ((2 + (i % Classes)) * Side) + column] = (byte)(200 + (i % 50));
        return bytes;
    }

    /// <summary>A labels file: item i has label 1 + (i mod 26).</summary>
    public static byte[] Labels(int count)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x0801);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)count);
        for (var i = 0; i < count; i++)
            bytes[8 + i] = (byte)(1 + (i % Classes));
        return bytes;
    }
}
