using Mnist.Functional.Training;
using Spectre.Console;

namespace Mnist.App.Progress;

/// <summary>Training progress as live bars on a terminal: one for the run, one for the epoch in course, with loss, accuracy, speed and time left.</summary>
public sealed class TerminalProgress : ITrainingObserver
{
    private readonly ProgressTask run;
    private readonly ProgressTask epoch;
    private readonly IAnsiConsole console;

    private TerminalProgress(ProgressContext context, IAnsiConsole console, long totalSteps, long stepsPerEpoch, long stepsDone)
    {
        this.console = console;
        run = context.AddTask("run", maxValue: totalSteps);
        run.Value = stepsDone;
        epoch = context.AddTask("epoch", maxValue: stepsPerEpoch);
    }

    /// <summary>Runs <paramref name="train"/> with live bars drawn on standard error.</summary>
    /// <param name="totalSteps">Steps in the whole run, for the run bar.</param>
    /// <param name="stepsPerEpoch">Steps in an epoch, for the epoch bar.</param>
    /// <param name="stepsDone">Steps already made (when resuming).</param>
    /// <param name="train">The run, given the observer to pass to <see cref="Train.Fit"/>.</param>
    public static T Run<T>(long totalSteps, long stepsPerEpoch, long stepsDone, Func<ITrainingObserver, T> train)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => train(new TerminalProgress(context, console, totalSteps, stepsPerEpoch, stepsDone)));
    }

    /// <inheritdoc />
    public Verdict OnStep(StepReport report)
    {
        run.Value = report.Step;
        run.Description = Markup.Escape($"epoch {report.Epoch}, step {report.Step}/{run.MaxValue:F0}");
        epoch.Value = report.Batch;
        epoch.Description = Markup.Escape(ProgressText.Step(report));
        return Verdict.Continue;
    }

    /// <inheritdoc />
    public Verdict OnEpoch(EpochReport report)
    {
        console.MarkupLine($"[green]epoch {report.Record.Epoch}/{report.TotalEpochs}[/]: {Markup.Escape(ProgressText.Epoch(report.Record))}");
        epoch.Value = 0;
        return Verdict.Continue;
    }
}
