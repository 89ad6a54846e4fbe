namespace Mnist.Functional.Images;

/// <summary>
/// Reads an image file's bytes safely: only a regular file (after following links), never a folder, pipe or
/// device (those are refused without being opened, so a pipe never blocks), and never more than
/// <see cref="ImageLimits.MaxBytes"/>.
/// </summary>
public static class ImageFile
{
    /// <summary>The bytes of the image file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The path is a folder, a pipe, a device or an empty file, or the file is larger than the limit; the message names it.</exception>
    public static byte[] ReadBytes(string path, ImageLimits limits)
    {
        // Resolving a link first would report a missing file with the runtime's own words about "a part of the path".
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"{path} does not exist.", path);
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        if (Directory.Exists(target))
            throw new InvalidDataException($"{path} is a folder, not an image file.");
        var file = new FileInfo(target);
        if (!file.Exists)
            throw new FileNotFoundException($"{path} does not exist.", path);
        // A pipe, socket or device has no length, and opening a pipe blocks until someone writes to it.
        if (file.Length == 0)
            throw new InvalidDataException($"{path} is empty or is not a regular file (a pipe, socket or device): give an image file.");
        if (file.Length > limits.MaxBytes)
            throw new InvalidDataException($"{path} is {ImageLimits.Millions(file.Length)} MB, more than the limit of {ImageLimits.Millions(limits.MaxBytes)} MB for an image.");
        using var stream = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var bytes = new byte[file.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
