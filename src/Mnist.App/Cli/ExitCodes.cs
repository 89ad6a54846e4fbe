namespace Mnist.App.Cli;

/// <summary>The process exit codes, so that scripts can tell failures apart.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command line could not be parsed (System.CommandLine's own code).</summary>
    public const int UsageError = 1;

    /// <summary>The input (a file, an option's value) was wrong; the message says which and what to do.</summary>
    public const int InputError = 2;

    /// <summary>The native engine could not start; the message names what is missing.</summary>
    public const int EngineUnavailable = 3;

    /// <summary>Training stopped because the loss became NaN or infinite; the last good checkpoint was kept.</summary>
    public const int TrainingFailed = 4;

    /// <summary>Some of the inputs were refused, each named with its reason, and the rest were answered (<c>predict</c> on several images).</summary>
    public const int SomeRefused = 5;

    /// <summary>The user pressed Ctrl+C; a checkpoint was written (the shell convention for SIGINT).</summary>
    public const int Cancelled = 130;

    /// <summary>Something unexpected failed; rerun with --verbose for the stack trace.</summary>
    public const int InternalError = 70;
}
