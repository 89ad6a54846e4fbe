namespace Mnist.Functional.Training;

/// <summary>An observer's answer after a step or an epoch: go on, or stop the run with a reason.</summary>
public readonly record struct Verdict
{
    private Verdict(string? stopReason) => StopReason = stopReason;

    /// <summary>Go on training.</summary>
    public static Verdict Continue { get; }

    /// <summary>Stop after this step or epoch, for <paramref name="reason"/> (shown to the user).</summary>
    public static Verdict Stop(string reason) => new(reason);

    /// <summary>Why to stop, or <see langword="null"/> to go on.</summary>
    public string? StopReason { get; }

    /// <summary>Whether the run should stop.</summary>
    public bool ShouldStop => StopReason is not null;
}
