namespace Mnist.Functional.Runs;

/// <summary>Where a run is, as its folder tells it.</summary>
public enum RunState
{
    /// <summary>Training or evaluating now, as far as its folder says.</summary>
    Running,

    /// <summary>Every epoch ran, or the run stopped on purpose (early stopping, time budget), and was evaluated.</summary>
    Finished,

    /// <summary>Stopped before its end (Ctrl+C, or a process that ended without a word); its checkpoint holds where it got to.</summary>
    Interrupted,

    /// <summary>The loss became NaN or infinite, or an error ended the run.</summary>
    Failed,
}
