using System.Runtime.InteropServices;

namespace Mnist.Functional.IO;

/// <summary>
/// The few facts about a path that .NET does not give: its file type without opening it, whether an open handle is
/// still the file a path names, and whether a folder's file system is read-only. Through the .NET runtime's own
/// System.Native (it ships with every .NET on Unix), whose <c>FileStatus</c> has the same layout on every architecture,
/// unlike libc's <c>struct stat</c>.
/// </summary>
internal static class UnixFileStatus
{
    // Linux's errno for a write to a read-only file system.
    private const int ReadOnlyFileSystem = 30;
    private const int WriteAccess = 2;

    // Linux's errno for a chain of symbolic links that leads round in a loop.
    private const int LinkLoop = 40;

    /// <summary>The POSIX mode bits of <paramref name="path"/> (links followed), or <see langword="null"/> when nothing is there.</summary>
    public static int? Mode(string path) => Native.Stat(path, out var status) == 0 ? status.Mode : null;

    /// <summary>Whether <paramref name="path"/> is a symbolic link whose chain leads round in a loop, so it names nothing.</summary>
    public static bool IsLinkLoop(string path) =>
        !OperatingSystem.IsWindows() && Native.Stat(path, out _) != 0 && Marshal.GetLastPInvokeError() == LinkLoop;

    /// <summary>Whether <paramref name="handle"/> is open on the file that <paramref name="path"/> names now (same device and inode); always true off Unix.</summary>
    public static bool SameFile(SafeHandle handle, string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        return Native.FStat(handle, out var open) == 0 && Native.Stat(path, out var named) == 0 && open.Dev == named.Dev && open.Ino == named.Ino;
    }

    /// <summary>Whether <paramref name="folder"/> lies on a file system mounted read-only.</summary>
    public static bool IsReadOnlyFileSystem(string folder) =>
        !OperatingSystem.IsWindows() && Native.Access(folder, WriteAccess) != 0 && Marshal.GetLastPInvokeError() == ReadOnlyFileSystem;

    private static class Native
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct FileStatus
        {
            internal int Flags;
            internal int Mode;
            internal uint Uid;
            internal uint Gid;
            internal long Size;
            internal long ATime, ATimeNsec, MTime, MTimeNsec, CTime, CTimeNsec, BirthTime, BirthTimeNsec;
            internal long Dev, RDev, Ino;
            internal uint UserFlags;
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true, SetLastError = true)]
        internal static extern int Stat(string path, out FileStatus status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_FStat")]
        internal static extern int FStat(SafeHandle handle, out FileStatus status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Access", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true, SetLastError = true)]
        internal static extern int Access(string path, int mode);
    }
}
