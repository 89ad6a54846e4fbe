using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Native;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs;

/// <summary>What a run's page shows at a moment: while it trains (after each epoch), when it ends, or where it stopped.</summary>
/// <param name="Spec">The specification, its normalisation resolved.</param>
/// <param name="State">Where the run is: <see cref="RunState.Running"/> until it ends.</param>
/// <param name="Reason">Why it ended, in one line; empty while it runs.</param>
/// <param name="Command">The command line that reproduces it; empty when the host gave none.</param>
/// <param name="Engine">The engine it runs on.</param>
/// <param name="History">Every epoch's figures and every step's loss so far.</param>
/// <param name="Test">The latest predictions on the test split: the final ones, or those after the latest epoch.</param>
/// <param name="TestImages">The evaluated test images' pixels, <c>[N, H, W]</c> row-major bytes (the dataset's image size), indexed like <paramref name="Test"/>.</param>
/// <param name="Timings">Training, evaluation and total seconds so far.</param>
/// <param name="Folder">The run's folder, whose files the page links to.</param>
public sealed record RunSnapshot(
    RunSpec Spec, RunState State, string Reason, string Command, EngineInfo Engine, History History, Predictions Test, byte[] TestImages,
    RunTimings Timings, RunFolder Folder)
{
    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset At { get; init; } = DateTimeOffset.Now;

    /// <summary>
    /// The trained model's parameters and state, once the run has finished and <see cref="Test"/> holds its final
    /// predictions, so that a page can explain them (where the model looked for its mistakes); <see langword="null"/> while
    /// it runs and when it did not finish. Owned by the run: read them during <see cref="IRunReportWriter.Write"/>, never
    /// keep or free them.
    /// </summary>
    public Variables? Trained { get; init; }

    /// <summary>A fine-tuned run's model before its first step, on the same test images as <see cref="Test"/>; <see langword="null"/> for a run that starts afresh.</summary>
    public Predictions? InitialTest { get; init; }
}
