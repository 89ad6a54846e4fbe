using Mnist.Functional.Text;

namespace Mnist.Functional.Datasets;

/// <summary>
/// A data file is corrupt or is not the file it should be. The message names the file, says what is wrong and what to do.
/// (An <see cref="IOException"/>, because <see cref="InvalidDataException"/> is sealed.)
/// </summary>
public abstract class DataFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>; the message gets the file and a remedy around <paramref name="problem"/>.</summary>
    protected DataFileException(string filePath, string problem, Exception? inner = null)
        : base($"{OutsideText.Show(filePath)}: {problem} Replace the file with a good copy: fetch the dataset again into the cache, or read the files from a folder of good copies.", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, in one sentence.</summary>
    public string Problem { get; }
}

/// <summary>A file's SHA-256 differs from the catalog's: it is corrupt, truncated or another file.</summary>
public sealed class ChecksumMismatchException(string filePath, string expected, string actual, string description)
    : DataFileException(filePath, $"its SHA-256 is {actual}, but the {description} file has {expected}: the file is corrupt or is not that file.")
{
    /// <summary>The SHA-256 the catalog gives.</summary>
    public string Expected { get; } = expected;

    /// <summary>The SHA-256 of the file's raw bytes.</summary>
    public string Actual { get; } = actual;
}

/// <summary>A download or copy holds more bytes than the catalog's file can have; reading stopped one byte past the limit.</summary>
/// <param name="filePath">Where the bytes came from (a URL, a path).</param>
/// <param name="problem">What was too long, with the limit, in one sentence.</param>
public sealed class ContentTooLongException(string filePath, string problem) : DataFileException(filePath, problem);
