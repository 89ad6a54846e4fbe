using System.CommandLine;
using Mnist.Functional.IO;
using Mnist.Functional.Runs;
using Mnist.Functional.Text;

namespace Mnist.App.Cli;

/// <summary>
/// Where a command writes what the user named with an option (<c>compare --out FILE</c>, <c>export --out FILE</c>,
/// <c>predict --show DIR</c>): checked before any work, every problem said in the option's words rather than .NET's,
/// and a missing folder made, with a note that says so. Nothing a run holds is ever written over (its record, report,
/// metrics, history, lock, or anything of its checkpoint: <see cref="RunContents"/>), and an existing file is replaced
/// only when the user asks with <see cref="Force"/>. <c>train --out</c> takes its folder through the library's run folders.
/// </summary>
public static class OutputTarget
{
    /// <summary>The name of the option that lets a command replace files it would write over.</summary>
    public const string ForceName = "--force";

    /// <summary><c>--force</c>: replace existing files the command writes; a run's own files and its checkpoint stay refused.</summary>
    public static Option<bool> Force() => new(ForceName)
    {
        Description = "Replace a file of that name if there is one (never a run's own files or its checkpoint, which are always refused).",
    };

    /// <summary>
    /// The full path of the file <paramref name="path"/> that <paramref name="option"/> names, checked to be writable
    /// (<see cref="Check"/>). A folder of that name is refused (the message suggests <paramref name="exampleName"/> inside
    /// it); the file's folder is made when it is missing, and <paramref name="notes"/> is told which. A temporary file is
    /// made there and removed, so that a folder that takes no file (no permission, a read-only file system) is refused
    /// now, before the command spends its work, not when it writes.
    /// </summary>
    /// <exception cref="IOException">
    /// A folder has that name, a file stands where a folder is needed, the folder cannot be made or takes no file, the
    /// path is something a run holds, or a file is there and <paramref name="replace"/> is false; the message names the option.
    /// </exception>
    public static string File(string option, string path, string exampleName, TextWriter notes, bool replace)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (Directory.Exists(full))
        {
            // A folder of a run's checkpoint takes no file either: no example inside it, which would be refused next.
            if (RunContents.HeldPart(full) is { } held)
                throw Held(option, full, held);
            throw new IOException($"{option}: {OutsideText.Show(full)} is a folder, and {option} names the file to write: give a file name, such as {OutsideText.Show(Path.Combine(full, exampleName))}.");
        }
        Check(option, full, replace);
        MakeFolder(option, Path.GetDirectoryName(full)!, notes);
        Writing(option, full, () => PendingFile.Create(full).Dispose());
        return full;
    }

    /// <summary>
    /// The full path of the folder <paramref name="path"/> that <paramref name="option"/> names, made when it is missing
    /// (and <paramref name="notes"/> told so). The files to be written in it are checked with <see cref="Check"/> before.
    /// </summary>
    /// <exception cref="IOException">
    /// A file has that name or stands where a folder is needed, the folder cannot be made, or it is (or lies in) what a
    /// run holds; the message names the option.
    /// </exception>
    public static string Folder(string option, string path, TextWriter notes)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (System.IO.File.Exists(full))
            throw new IOException($"{option}: {OutsideText.Show(full)} is a file, and {option} names a folder to write into: give a folder that does not exist yet or holds no file of that name.");
        if (RunContents.HeldPart(full) is { } held)
            throw Held(option, full, held);
        MakeFolder(option, full, notes);
        return full;
    }

    /// <summary>
    /// Refuses <paramref name="path"/>, a file <paramref name="option"/> would write, when it is something a run holds
    /// (whatever <paramref name="replace"/> says) or when a file is there already and <paramref name="replace"/> is false.
    /// Links are followed: a link to a run's file counts as that file.
    /// </summary>
    /// <exception cref="IOException">The file may not be written; the message names the option, the file and what to do.</exception>
    public static void Check(string option, string path, bool replace)
    {
        if (RunContents.HeldPart(path) is { } held)
            throw Held(option, path, held);
        if (System.IO.File.Exists(path) && !replace)
            throw new IOException($"{option}: {OutsideText.Show(path)} exists already, and {option} does not replace a file unless asked: give another name, or add {ForceName} to replace it.");
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
        new($"{option}: {OutsideText.Show(path)} cannot be written: {(e is FileWriteException written ? written.Reason : WriteFailure.Reason(e, path))}. Give a place you can write to.", e);

    private static IOException Held(string option, string path, string held) =>
        new($"{option}: {OutsideText.Show(path)} is {OutsideText.Show(held)}, and no command writes over what a run holds ({ForceName} does not either): give a path outside the run's checkpoint and its own files.");

    private static void MakeFolder(string option, string folder, TextWriter notes)
    {
        if (Directory.Exists(folder)) return;
        if (WriteFailure.FileInTheWay(folder) is { } file)
            throw new IOException($"{option}: the folder {OutsideText.Show(folder)} cannot be made, because {OutsideText.Show(file)} is a file.");
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"{option}: the folder {OutsideText.Show(folder)} cannot be made: {WriteFailure.Reason(e, folder, isFolder: true)}. Give a place you can write to.", e);
        }
        notes.WriteLine($"note: made the folder {OutsideText.Show(folder)} for {option}, which did not exist.");
    }
}
