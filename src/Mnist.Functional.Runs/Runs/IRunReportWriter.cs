namespace Mnist.Functional.Runs;

/// <summary>
/// Writes a run's page (<c>report.html</c>) from what the run knows at a moment. The host hands one to <see cref="Run"/>
/// (<see cref="RunOptions.Report"/>), so that a run writes its page after every epoch and when it ends without this library
/// depending on a page library; Mnist.Functional.Reports has one.
/// </summary>
public interface IRunReportWriter
{
    /// <summary>Writes <paramref name="run"/>'s page to <paramref name="path"/>, atomically: a reader sees the old page or the whole new one.</summary>
    void Write(RunSnapshot run, string path);
}
