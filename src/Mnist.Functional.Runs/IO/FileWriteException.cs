using Mnist.Functional.Text;

namespace Mnist.Functional.IO;

/// <summary>A file could not be written: the message names the file meant (never a temporary file beside it) and says why (<see cref="WriteFailure"/>).</summary>
public sealed class FileWriteException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>, which could not be written because of <paramref name="inner"/>.</summary>
    public FileWriteException(string path, Exception inner)
        : this(path, WriteFailure.Reason(inner, path), inner)
    {
    }

    /// <summary>Creates the exception for <paramref name="path"/>, which could not be written for <paramref name="reason"/> (a few words, no full stop).</summary>
    public FileWriteException(string path, string reason, Exception inner)
        : base($"{OutsideText.Show(path)} cannot be written: {reason}.", inner) => (FilePath, Reason) = (path, reason);

    /// <summary>The file that was to be written.</summary>
    public string FilePath { get; }

    /// <summary>Why it could not be, in a few words (<c>the disk is full</c>).</summary>
    public string Reason { get; }
}
