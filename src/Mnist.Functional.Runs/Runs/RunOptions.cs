using Mnist.Functional.Training;

namespace Mnist.Functional.Runs;

/// <summary>What the fold is about to do, for a host that writes notes about it (<see cref="RunOptions.OnStart"/>).</summary>
/// <param name="Spec">The specification, its normalisation resolved.</param>
/// <param name="StepsPerEpoch">Batches per epoch.</param>
/// <param name="TotalSteps">Steps in the whole run.</param>
/// <param name="StepsDone">Steps already made (when resuming).</param>
/// <param name="Folder">The run's folder, if it has one.</param>
public sealed record FitPlan(RunSpec Spec, long StepsPerEpoch, long TotalSteps, long StepsDone, RunFolder? Folder)
{
    /// <summary>
    /// Why some training samples are in no batch, in words, or <see langword="null"/> when every one is: a model with
    /// batch norm cannot learn from a last batch of one sample, so that batch is left out of every epoch.
    /// </summary>
    public string? LeftOut { get; init; }
}

/// <summary>How a host runs a <see cref="RunSpec"/>: what it watches, where it resumes from, how the folder is taken.</summary>
public sealed record RunOptions
{
    /// <summary>Observers added to the run's own (early stopping, time budget, checkpoints): an epoch log, a memory probe, ….</summary>
    public IReadOnlyList<ITrainingObserver> Observers { get; init; } = [];

    /// <summary>
    /// Writes the run's page, <c>report.html</c>, after every epoch and where the run ends (a run with a folder only);
    /// <see langword="null"/> for no page. Mnist.Functional.Reports has one.
    /// </summary>
    public IRunReportWriter? Report { get; init; }

    /// <summary>Called once the data is read and before the first step, with what the fold is about to do: for a host's notes.</summary>
    public Action<FitPlan>? OnStart { get; init; }

    /// <summary>A checkpoint folder to continue from; its saved specification must be the one run (read it with <see cref="Run.SpecOf"/>).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>How the run's folder is taken when the spec has one; <see cref="FolderClaim.Resume"/> is implied by <see cref="ResumeFrom"/>.</summary>
    public FolderClaim Claim { get; init; } = FolderClaim.New;

    /// <summary>The command line that reproduces the run, for <c>run.json</c>.</summary>
    public string Command { get; init; } = "";

    /// <summary>Keep the final state in <see cref="RunResult.State"/>; when <see langword="false"/> the pipeline frees it before returning.</summary>
    public bool KeepState { get; init; } = true;

    /// <summary>Samples per forward pass when evaluating; it changes the speed, not the figures (beyond float rounding of the loss).</summary>
    public int EvaluationBatchSize { get; init; } = Evaluation.Evaluator.DefaultBatchSize;

    /// <summary>Called with the run's folder once it is taken and before any data is read or any step is made.</summary>
    public Action<RunFolder>? OnFolder { get; init; }
}
