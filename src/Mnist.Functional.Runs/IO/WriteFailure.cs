using Mnist.Functional.Text;

namespace Mnist.Functional.IO;

/// <summary>
/// Why a file or folder could not be written, in a few words a person acts on (<c>the disk is full</c>, <c>the file
/// system of /media/usb is read-only</c>), said about the place the user meant, never about a temporary file's name.
/// </summary>
public static class WriteFailure
{
    // Linux errno values that .NET gives as an IOException's HResult.
    private const int NoSpace = 28, QuotaExceeded = 122, IsADirectory = 21, TooManyLinks = 40, ReadOnly = 30;

    /// <summary>Why writing the file <paramref name="path"/> (or making the folder, when <paramref name="isFolder"/>) failed with <paramref name="e"/>.</summary>
    public static string Reason(Exception e, string path, bool isFolder = false)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var folder = (isFolder ? full : Path.GetDirectoryName(full)) ?? full;
        if (FileInTheWay(folder) is { } file)
            return $"{OutsideText.Show(file)} is a file, where a folder is needed";
        var existing = NearestExisting(folder);
        return e switch
        {
            _ when e.HResult == ReadOnly || (existing is not null && UnixFileStatus.IsReadOnlyFileSystem(existing)) => $"the file system of {OutsideText.Show(existing ?? folder)} is read-only",
            UnauthorizedAccessException => $"there is no permission to write in {OutsideText.Show(existing ?? folder)}",
            IOException when e.HResult is NoSpace or QuotaExceeded => "the disk is full",
            IOException when e.HResult == IsADirectory => $"{OutsideText.Show(full)} is a folder",
            IOException when e.HResult == TooManyLinks => $"{OutsideText.Show(full)} is a symbolic link that leads round in a loop",
            DirectoryNotFoundException or FileNotFoundException when existing is not null && existing != folder => $"no folder can be made in {OutsideText.Show(existing)}",
            FileNotFoundException when Directory.Exists(folder) => $"no file can be made in {OutsideText.Show(folder)}",
            _ => OutsideText.Show(e.Message),
        };
    }

    /// <summary>The nearest of <paramref name="folder"/> and the folders above it that is a file (so nothing can be made beneath it); <see langword="null"/> when there is none.</summary>
    public static string? FileInTheWay(string folder)
    {
        for (var place = folder; place is not null; place = Path.GetDirectoryName(place))
        {
            if (File.Exists(place)) return place;
            if (Directory.Exists(place)) return null;
        }
        return null;
    }

    // The nearest of folder and the folders above it that exists.
    private static string? NearestExisting(string folder)
    {
        for (var place = folder; place is not null; place = Path.GetDirectoryName(place))
            if (Directory.Exists(place)) return place;
        return null;
    }
}
