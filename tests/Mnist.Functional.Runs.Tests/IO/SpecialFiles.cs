using System.Diagnostics;

namespace Mnist.Functional.Runs.Tests.IO;

/// <summary>Makes the things that are not regular files: FIFOs (with coreutils' mkfifo) and links.</summary>
internal static class SpecialFiles
{
    /// <summary>Makes a FIFO at <paramref name="path"/>; nothing ever writes to it, so opening it for reading would block for ever.</summary>
    public static string Fifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"mkfifo {path}");
        return path;
    }

    /// <summary>A character device every Linux has, which reads as endless zero bytes.</summary>
    public const string DevZero = "/dev/zero";
}
