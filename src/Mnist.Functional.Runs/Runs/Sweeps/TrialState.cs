namespace Mnist.Functional.Runs.Sweeps;

/// <summary>Where a trial of a sweep stands.</summary>
public enum TrialState
{
    /// <summary>No process has claimed it yet.</summary>
    Pending,

    /// <summary>A live process holds it.</summary>
    Running,

    /// <summary>Its process is gone before it was done; the next process that looks resumes or re-runs it.</summary>
    Interrupted,

    /// <summary>Done, and its run finished.</summary>
    Finished,

    /// <summary>Done, but its run failed (its loss became NaN or infinite): a result of its settings, not re-run.</summary>
    Failed,
}
