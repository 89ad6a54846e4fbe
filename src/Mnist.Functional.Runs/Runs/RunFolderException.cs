namespace Mnist.Functional.Runs;

/// <summary>A run cannot take the folder it was given: the message names the folder and says why.</summary>
public sealed class RunFolderException : IOException
{
    /// <summary>Creates the exception for <paramref name="folder"/>, which cannot be used because of <paramref name="problem"/>.</summary>
    public RunFolderException(string folder, string problem, Exception? inner = null)
        : base($"Cannot use {folder} as the run's folder: {problem}", inner)
    {
        Folder = folder;
        Problem = problem;
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>Why it cannot be used.</summary>
    public string Problem { get; }

    /// <summary>Whether a run that is still going holds the folder (so replacing or resuming it is no way out either).</summary>
    public bool HeldByLiveRun { get; init; }
}
