using System.IO.Compression;
using System.Security.Cryptography;
using Mnist.Functional.IO;

namespace Mnist.Functional.Datasets.Sources;

/// <summary>SHA-256 of a file's raw bytes (decompressing gzip), and verification against the catalog.</summary>
public static class FileChecksum
{
    /// <summary>
    /// The lower-case hex SHA-256 of the raw bytes of <paramref name="path"/>, decompressed first if it is gzip, reading
    /// no more than <paramref name="maxLength"/> raw bytes (and one to see that it ends there).
    /// </summary>
    /// <exception cref="IdxCompressionException">The file looks like gzip but cannot be decompressed.</exception>
    /// <exception cref="NotARegularFileException">The path names a folder, a FIFO or a device.</exception>
    /// <exception cref="InputTooLargeException">The raw bytes are longer than <paramref name="maxLength"/>.</exception>
    public static async Task<string> OfRawBytesAsync(string path, long maxLength = long.MaxValue, CancellationToken cancellation = default)
    {
        var gzip = IdxReader.IsGzip(path);
        await using var file = InputFile.OpenRead(path, "an IDX file", gzip ? long.MaxValue : maxLength, FileOptions.Asynchronous | FileOptions.SequentialScan);
        if (!gzip)
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellation));
        try
        {
            await using var raw = new BoundedReadStream(new GZipStream(file, CompressionMode.Decompress), maxLength,
                () => new InputTooLargeException(path, "an IDX file", maxLength + 1, maxLength));
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(raw, cancellation));
        }
        catch (InvalidDataException e)
        {
            throw new IdxCompressionException(path, e);
        }
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is <paramref name="file"/>: reading no more than the catalog's length of raw bytes,
    /// then, if the SHA-256 differs, the IDX structure for a precise error.
    /// </summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file of the expected kind, or longer than the catalog's.</exception>
    /// <exception cref="ChecksumMismatchException">The file is well formed but its bytes are not the catalog's.</exception>
    /// <exception cref="NotARegularFileException">The path names a folder, a FIFO or a device.</exception>
    public static async Task VerifyAsync(DatasetFile file, string path, CancellationToken cancellation = default)
    {
        string actual;
        try
        {
            actual = await OfRawBytesAsync(path, file.RawLength, cancellation);
        }
        catch (InputTooLargeException)
        {
            IdxReader.Inspect(path, file);
            throw new IdxTrailingDataException(path, file.Count, file.RawLength); // the file grew while it was read
        }
        if (actual == file.Sha256)
            return;
        IdxReader.Inspect(path, file);
        throw new ChecksumMismatchException(path, file.Sha256, actual, $"{file.Name} ({file.Describe()})");
    }
}
