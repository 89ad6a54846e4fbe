
using Mnist.Functional.Datasets.Sources;

namespace Mnist.App.Progress;

/// <summary>Shows download progress as one line redrawn in place on a terminal's standard error; shows nothing when it is redirected.</summary>
public sealed class ProgressLine : IProgress<DownloadProgress>
{
    private readonly TextWriter error;

    private ProgressLine(TextWriter error) => this.error = error;

    /// <summary>A progress line on <paramref name="error"/> if it is the terminal's standard error, else <see langword="null"/>.</summary>
    public static ProgressLine? For(TextWriter error) => IsTerminal(error) ? new ProgressLine(error) : null;

    /// <summary>Whether <paramref name="error"/> is the process's standard error and that is a terminal, so that lines can be redrawn in place.</summary>
    public static bool IsTerminal(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Redraws the line: file, bytes (of the total when known), rate.</summary>
    public void Report(DownloadProgress value)
    {
        var total = value.TotalBytes is { } bytes ? $" / {Size(bytes)}" : "";
        var line = $"  {value.File}  {Size(value.Bytes)}{total}  {Size((long)value.BytesPerSecond)}/s";
        error.Write($"\r{line,-72}");
        if (value.Done)
            error.WriteLine();
    }

    /// <summary>A byte count for people: <c>9.9 MB</c>.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => FormattableString.Invariant($"{bytes / 1048576.0:0.0} MB"),
        >= 1 << 10 => FormattableString.Invariant($"{bytes / 1024.0:0.0} kB"),
        _ => FormattableString.Invariant($"{bytes} B"),
    };
}
