using Mnist.Functional.Text;

namespace Mnist.App.Cli;

/// <summary>
/// Where a command writes what the user named with an option (<c>compare --out FILE</c>, <c>export --out FILE</c>,
/// <c>predict --show DIR</c>): checked before any work, every problem said in the option's words rather than .NET's,
/// and a missing folder made, with a note that says so. <c>train --out</c> takes its folder the same way through the
/// library's run folders.
/// </summary>
public static class OutputTarget
{
    /// <summary>
    /// The full path of the file <paramref name="path"/> that <paramref name="option"/> names. A folder of that name is
    /// refused (the message suggests <paramref name="exampleName"/> inside it); the file's folder is made when it is
    /// missing, and <paramref name="notes"/> is told which.
    /// </summary>
    /// <exception cref="IOException">A folder has that name, a file stands where a folder is needed, or the folder cannot be made; the message names the option.</exception>
    public static string File(string option, string path, string exampleName, TextWriter notes)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (Directory.Exists(full))
            throw new IOException($"{option}: {OutsideText.Show(full)} is a folder, and {option} names the file to write: give a file name, such as {OutsideText.Show(Path.Combine(full, exampleName))}.");
        MakeFolder(option, Path.GetDirectoryName(full)!, notes);
        return full;
    }

    /// <summary>The full path of the folder <paramref name="path"/> that <paramref name="option"/> names, made when it is missing (and <paramref name="notes"/> told so).</summary>
    /// <exception cref="IOException">A file has that name or stands where a folder is needed, or the folder cannot be made; the message names the option.</exception>
    public static string Folder(string option, string path, TextWriter notes)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (System.IO.File.Exists(full))
            throw new IOException($"{option}: {OutsideText.Show(full)} is a file, and {option} names a folder to write into: give a folder that does not exist yet or holds no file of that name.");
        MakeFolder(option, full, notes);
        return full;
    }

    /// <summary>
    /// Runs <paramref name="write"/>, which does nothing but write <paramref name="path"/> for <paramref name="option"/>,
    /// and says a failure to write there (no permission, a full disk) in the option's words.
    /// </summary>
    /// <exception cref="IOException">The file could not be written; the message names the option and the path.</exception>
    public static void Writing(string option, string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw CannotWrite(option, path, e);
        }
    }

    /// <summary>The error for <paramref name="path"/>, named by <paramref name="option"/>, that could not be written because of <paramref name="e"/>.</summary>
    public static IOException CannotWrite(string option, string path, Exception e) =>
        new($"{option}: {OutsideText.Show(path)} cannot be written: {Reason(e, path)}. Give a place you can write to.", e);

    private static void MakeFolder(string option, string folder, TextWriter notes)
    {
        if (Directory.Exists(folder)) return;
        if (FileInTheWay(folder) is { } file)
            throw new IOException($"{option}: the folder {OutsideText.Show(folder)} cannot be made, because {OutsideText.Show(file)} is a file.");
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"{option}: the folder {OutsideText.Show(folder)} cannot be made: {Reason(e, folder)}. Give a place you can write to.", e);
        }
        notes.WriteLine($"note: made the folder {OutsideText.Show(folder)} for {option}, which did not exist.");
    }

    // The nearest existing ancestor of folder (or folder itself) when it is a file: nothing can be made beneath it.
    private static string? FileInTheWay(string folder)
    {
        for (var place = folder; place is not null; place = Path.GetDirectoryName(place))
        {
            if (System.IO.File.Exists(place)) return place;
            if (Directory.Exists(place)) return null;
        }
        return null;
    }

    private static string Reason(Exception e, string path) => e switch
    {
        UnauthorizedAccessException => $"there is no permission to write in {OutsideText.Show(Path.GetDirectoryName(path) ?? path)}",
        _ when new DriveInfo(Path.GetPathRoot(Path.GetFullPath(path)) ?? "/") is { IsReady: true, AvailableFreeSpace: 0 } => "the disk is full",
        _ => OutsideText.Show(e.Message),
    };
}
