using Mnist.Functional.Text;

namespace Mnist.Functional.IO;

/// <summary>A lock file cannot be made or opened (a read-only file system, a place such as <c>/proc</c>, no permission): no process could take the lock there.</summary>
public sealed class LockUnavailableException : IOException
{
    /// <summary>Creates the exception for the lock file <paramref name="path"/>, which failed with <paramref name="inner"/>.</summary>
    public LockUnavailableException(string path, Exception inner)
        : this(path, WriteFailure.Reason(inner, path), inner)
    {
    }

    private LockUnavailableException(string path, string reason, Exception inner)
        : base($"the lock file {OutsideText.Show(path)} cannot be made: {reason}", inner) => (LockPath, Reason) = (path, reason);

    /// <summary>The lock file's path.</summary>
    public string LockPath { get; }

    /// <summary>Why the lock file cannot be made, in a few words (<c>the file system of /media/usb is read-only</c>).</summary>
    public string Reason { get; }
}
