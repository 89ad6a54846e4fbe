using Mnist.Functional.Text;

namespace Mnist.Functional.IO;

/// <summary>
/// Opens files the program reads from outside: only regular files (after following links), checked before
/// they are opened, so that a FIFO never blocks the program and a device such as <c>/dev/zero</c> is never
/// read until memory runs out; and only files no longer than what their content can justify.
/// </summary>
public static class InputFile
{
    /// <summary>Checks that <paramref name="path"/> names a regular file (links followed).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file should be, with its article, for messages: <c>a safetensors file</c>, <c>an IDX file</c>.</param>
    /// <exception cref="FileNotFoundException">Nothing is there, or a link points at nothing.</exception>
    /// <exception cref="NotARegularFileException">Something else is there: a folder, a FIFO, a device, a socket.</exception>
    public static void RequireRegular(string path, string what)
    {
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Missing)
            throw new FileNotFoundException($"{OutsideText.Show(path)} does not exist; {what} was expected there.", path);
        if (kind != FileKind.Regular)
            throw new NotARegularFileException(path, kind, what);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading after <see cref="RequireRegular"/>, refusing a file longer than
    /// <paramref name="maxLength"/> bytes.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    /// <exception cref="NotARegularFileException">Something other than a regular file is there.</exception>
    /// <exception cref="InputTooLargeException">The file is longer than <paramref name="maxLength"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static FileStream OpenRead(string path, string what, long maxLength = long.MaxValue, FileOptions options = FileOptions.None)
    {
        RequireRegular(path, what);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, options);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"{OutsideText.Show(path)} may not be read (permission denied): give {what} this user can read.", e);
        }
        if (stream.Length > maxLength)
        {
            var length = stream.Length;
            stream.Dispose();
            throw new InputTooLargeException(path, what, length, maxLength);
        }
        return stream;
    }

    /// <summary>Reads a whole text file (UTF-8) of at most <paramref name="maxLength"/> bytes, after the checks of <see cref="OpenRead"/>.</summary>
    public static string ReadAllText(string path, string what, long maxLength)
    {
        using var stream = OpenRead(path, what, maxLength);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

/// <summary>What a path names, as far as reading it is concerned.</summary>
public enum FileKind
{
    /// <summary>Nothing, or a link that points at nothing.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A FIFO (named pipe): reading it waits for a writer.</summary>
    Fifo,

    /// <summary>A character device such as <c>/dev/zero</c> or a terminal.</summary>
    CharacterDevice,

    /// <summary>A block device such as a disk.</summary>
    BlockDevice,

    /// <summary>A Unix socket.</summary>
    Socket,

    /// <summary>A symbolic link whose chain of links leads round in a loop, so that it names nothing.</summary>
    LinkLoop,

    /// <summary>Something this platform does not name.</summary>
    Other,
}

/// <summary>Tells what a path names without opening it (opening a FIFO would block).</summary>
public static class FileKinds
{
    /// <summary>What <paramref name="path"/> names, links followed.</summary>
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsWindows())
            return File.Exists(path) ? FileKind.Regular : Directory.Exists(path) ? FileKind.Directory : FileKind.Missing;
        if (UnixFileStatus.Mode(path) is not { } mode)
            return Directory.Exists(path) ? FileKind.Directory : UnixFileStatus.IsLinkLoop(path) ? FileKind.LinkLoop : FileKind.Missing;
        // The POSIX type bits (S_IFMT = 0xF000).
        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
    }

    /// <summary>How a message names <paramref name="kind"/>: <c>a FIFO (named pipe)</c>.</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Missing => "nothing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.LinkLoop => "a symbolic link that leads round in a loop",
        _ => "not a regular file",
    };
}

/// <summary>A path names something other than a regular file where a file was expected.</summary>
/// <param name="filePath">The path.</param>
/// <param name="found">What is there instead.</param>
/// <param name="what">What was expected, with its article, such as <c>a safetensors file</c>.</param>
public sealed class NotARegularFileException(string filePath, FileKind found, string what)
    : IOException($"{OutsideText.Show(filePath)} is {found.Describe()}, not a regular file: give the path of {what}.")
{
    /// <summary>The path.</summary>
    public string FilePath { get; } = filePath;

    /// <summary>What is there instead.</summary>
    public FileKind Found { get; } = found;
}

/// <summary>A file is longer than anything of its kind can be.</summary>
/// <param name="filePath">The file.</param>
/// <param name="what">What the file should be, with its article, such as <c>a checkpoint manifest</c>.</param>
/// <param name="length">Its length in bytes (or the length read before stopping).</param>
/// <param name="limit">The most a file of its kind can hold.</param>
public sealed class InputTooLargeException(string filePath, string what, long length, long limit)
    : IOException($"{OutsideText.Show(filePath)} holds {Bytes(length)}, more than the {Bytes(limit)} {what} can hold: it is not {what}, or it is damaged.")
{
    /// <summary>The file.</summary>
    public string FilePath { get; } = filePath;

    /// <summary>The most a file of its kind can hold.</summary>
    public long Limit { get; } = limit;

    private static string Bytes(long count) => count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes";
}
