using Mnist.Functional.Training;
using Spectre.Console;

namespace Mnist.App.Progress;

/// <summary>
/// Training progress on a terminal: one labelled bar for the whole run (epoch, step, loss, accuracy, speed) with one time
/// left, drawn from when the run starts until it stops, and a line per epoch above it.
/// </summary>
/// <param name="error">The terminal's standard error, where the bar is drawn.</param>
public sealed class TerminalProgress(TextWriter error) : ITrainingObserver, IDisposable
{
    private readonly IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
    private readonly TaskCompletionSource<ProgressTask> bar = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? display;
    private int totalEpochs;

    /// <inheritdoc />
    public void OnStart(FitStart start)
    {
        totalEpochs = start.TotalEpochs;
        // Spectre draws a live display for as long as a callback runs; the run is not that callback, so the display runs
        // beside it until the run stops.
        display = console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape($"epoch {Math.Min(start.StepsDone / Math.Max(1, start.StepsPerEpoch) + 1, start.TotalEpochs)}/{start.TotalEpochs}"), maxValue: start.TotalSteps);
                task.Value = start.StepsDone;
                bar.SetResult(task);
                await stopped.Task;
                context.Refresh();
            });
    }

    /// <inheritdoc />
    public Verdict OnStep(StepReport report)
    {
        var task = bar.Task.Result;
        task.Value = report.Step;
        task.Description = Markup.Escape($"epoch {report.Epoch}/{totalEpochs}  step {report.Step:N0}/{task.MaxValue:N0}  {ProgressText.Step(report, withTimeLeft: false)}");
        return Verdict.Continue;
    }

    /// <inheritdoc />
    public Verdict OnEpoch(EpochReport report)
    {
        console.MarkupLine($"[green]epoch {report.Record.Epoch}/{report.TotalEpochs}[/]: {Markup.Escape(ProgressText.Epoch(report.Record))}");
        return Verdict.Continue;
    }

    /// <inheritdoc />
    public void OnStop(FitResult result) => Dispose();

    /// <summary>Ends the display (also when the run ended with an error) and waits for its last drawing.</summary>
    public void Dispose()
    {
        stopped.TrySetResult();
        display?.GetAwaiter().GetResult();
        display = null;
    }
}
