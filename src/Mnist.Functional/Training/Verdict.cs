namespace Mnist.Functional.Training;

/// <summary>An observer's answer after a step or an epoch: go on, or stop the run with a reason.</summary>
public readonly record struct Verdict
{
    private Verdict(FitStop? stopping) => Stopping = stopping;

    /// <summary>Go on training.</summary>
    public static Verdict Continue { get; }

    /// <summary>Stop after this step or epoch, for <paramref name="reason"/> (shown to the user).</summary>
    public static Verdict Stop(string reason) => new(new FitStop(StopReason.StoppedByObserver, reason));

    /// <summary>The stop asked for, or <see langword="null"/> to go on.</summary>
    public FitStop? Stopping { get; }

    /// <summary>Whether the run should stop.</summary>
    public bool ShouldStop => Stopping is not null;
}
