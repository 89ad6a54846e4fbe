namespace Mnist.Functional.Training;

/// <summary>
/// Why a run ended, as a kind and in words: the one representation of a stop, from the step that found a
/// NaN loss up to the run's own record (<c>run.json</c>).
/// </summary>
/// <param name="Reason">The kind of stop.</param>
/// <param name="Message">What happened, for the user: which step's loss was NaN, which metric stopped improving.</param>
public sealed record FitStop(StopReason Reason, string Message)
{
    /// <summary>Every epoch ran.</summary>
    public static FitStop Completed(int epochs) => new(StopReason.Completed, $"Trained {epochs} epoch{(epochs == 1 ? "" : "s")}.");

    /// <summary>Whether the run did what it was set to do or was stopped on purpose (by an observer), rather than cancelled or failed.</summary>
    public bool IsSuccess => Reason is StopReason.Completed or StopReason.StoppedByObserver;
}
