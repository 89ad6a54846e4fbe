using System.IO.Compression;
using System.Security.Cryptography;
using Mnist.Functional.Data;

namespace Mnist.Functional.Data.Sources;

/// <summary>SHA-256 of a file's raw bytes (decompressing gzip), and verification against the catalog.</summary>
public static class FileChecksum
{
    /// <summary>The lower-case hex SHA-256 of the raw bytes of <paramref name="path"/>, decompressed first if it is gzip.</summary>
    /// <exception cref="IdxCompressionException">The file looks like gzip but cannot be decompressed.</exception>
    public static async Task<string> OfRawBytesAsync(string path, CancellationToken cancellation = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        if (!IdxReader.IsGzip(path))
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellation));
        try
        {
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(gzip, cancellation));
        }
        catch (InvalidDataException e)
        {
            throw new IdxCompressionException(path, e.Message, e);
        }
    }

    /// <summary>Checks that <paramref name="path"/> is <paramref name="file"/>: the IDX structure first, for a precise error, then the SHA-256.</summary>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file of the expected kind.</exception>
    /// <exception cref="ChecksumMismatchException">The file is well formed but its bytes are not the catalog's.</exception>
    public static async Task VerifyAsync(DatasetFile file, string path, CancellationToken cancellation = default)
    {
        var actual = await OfRawBytesAsync(path, cancellation);
        if (actual == file.Sha256)
            return;
        IdxReader.Inspect(path, file.Kind);
        throw new ChecksumMismatchException(path, file.Sha256, actual, $"{file.Name} ({file.Describe()})");
    }
}
