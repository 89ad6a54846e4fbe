namespace Mnist.Functional.IO;

/// <summary>
/// A file being written in the background of its final name: a temporary file in the same folder, renamed over the
/// final name by <see cref="Commit"/> once whole and flushed, and deleted if it is disposed before. For a file written
/// piece by piece over a long time (a contact sheet as its images are read), where <see cref="AtomicFile.Write"/>
/// takes the whole content at once.
/// </summary>
public sealed class PendingFile : IDisposable
{
    private readonly string temporary;
    private FileStream? stream;

    private PendingFile(string path, string temporary, FileStream stream) => (Path, this.temporary, this.stream) = (path, temporary, stream);

    /// <summary>The file's final name, as a full path.</summary>
    public string Path { get; }

    /// <summary>The stream to write the content into.</summary>
    public Stream Stream => stream ?? throw new ObjectDisposedException(nameof(PendingFile));

    /// <summary>Starts writing <paramref name="path"/>; its folder is made if it is missing.</summary>
    /// <exception cref="FileWriteException">The temporary file cannot be made; the message names <paramref name="path"/>.</exception>
    public static PendingFile Create(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            return new PendingFile(full, temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileWriteException(full, e);
        }
    }

    /// <summary>Flushes the content to disk and renames it over <see cref="Path"/>.</summary>
    /// <exception cref="FileWriteException">The content could not be flushed or renamed (a full disk, a folder of that name).</exception>
    public void Commit()
    {
        try
        {
            Stream.Flush();
            stream!.Flush(flushToDisk: true);
            stream.Dispose();
            stream = null;
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileWriteException(Path, e);
        }
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> has renamed it.</summary>
    public void Dispose()
    {
        stream?.Dispose();
        stream = null;
        try
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the file's name starts with a dot, and its final name was never touched.
        }
    }
}
