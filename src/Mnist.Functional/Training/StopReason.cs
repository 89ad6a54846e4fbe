namespace Mnist.Functional.Training;

/// <summary>Why a run ended.</summary>
public enum StopReason
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>An observer (such as early stopping) asked to stop.</summary>
    StoppedByObserver,

    /// <summary>The cancellation token was triggered; the run stopped at the end of a step.</summary>
    Cancelled,

    /// <summary>The loss became NaN or infinite; the state from before that step was kept.</summary>
    NonFiniteLoss,
}
