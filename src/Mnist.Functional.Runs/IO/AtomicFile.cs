namespace Mnist.Functional.IO;

/// <summary>Writes files so that a reader sees the old content or the new, never a half-written file.</summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/> into a temporary file in the same folder, flushes it to disk, then renames it over <paramref name="path"/>.</summary>
    /// <exception cref="FileWriteException">The file could not be written (no permission, a full disk, a read-only file system); the message names <paramref name="path"/>, not the temporary file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        using var pending = PendingFile.Create(path);
        try
        {
            write(pending.Stream);
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            // The stream's own failure (a full disk): said about the file meant. Errors of the writer's making pass as they are.
            throw new FileWriteException(pending.Path, e);
        }
        pending.Commit();
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8, atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });
}
