namespace Mnist.Functional.Training;

/// <summary>Why a fold stopped before its end, in a form and in words.</summary>
/// <param name="Reason">The kind of stop.</param>
/// <param name="Message">What happened, for the user.</param>
public sealed record FitStop(StopReason Reason, string Message);
