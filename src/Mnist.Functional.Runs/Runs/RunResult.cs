using System.Text.Json.Nodes;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Training;

namespace Mnist.Functional.Runs;

/// <summary>What a run gave: the specification as run, why it stopped, its history, the final test predictions, where the time went, and its folder.</summary>
/// <param name="Spec">The specification as run: its normalisation is the one the inputs were normalised with.</param>
/// <param name="Stop">Why training ended, as a kind and in words.</param>
/// <param name="History">Every epoch's figures and every step's loss.</param>
/// <param name="Test">The predictions on the test split with the final parameters, computed once; <see langword="null"/> when the run was cancelled.</param>
/// <param name="Timings">Training, final evaluation, and the whole run's wall time.</param>
/// <param name="Folder">The run's folder; <see langword="null"/> for a run that wrote no files.</param>
public sealed record RunResult(RunSpec Spec, FitStop Stop, History History, Predictions? Test, RunTimings Timings, RunFolder? Folder) : IDisposable
{
    /// <summary>The final state (parameters, optimizer state, history); <see langword="null"/> when the run was asked not to keep it (<see cref="RunOptions.KeepState"/>). Owned by this result: <see cref="Dispose"/> frees it.</summary>
    public TrainState? State { get; init; }


    /// <summary>For a fine-tuned run, the predictions on the test split of the model it started from (its head fresh when the classes differ), before any step; <see langword="null"/> otherwise.</summary>
    public Predictions? InitialTest { get; init; }

    /// <summary>For a fine-tuned run, the layers that started fresh instead of from the trained model (the head, when the classes differ).</summary>
    public IReadOnlyList<string> FreshLayers { get; init; } = [];

    /// <summary>The model's summary for one image of the dataset: parameters and multiply-adds; worked out on first read, then kept.</summary>
    public Summary Summary
    {
        get
        {
            // A copy made with `with` may name another spec: the kept summary is the one of the spec it was made for.
            if (summary is not { } kept || !ReferenceEquals(kept.Spec, Spec))
                summary = kept = (Spec, Summary.Of(Spec.Network, Spec.Shape.Input));
            return kept.Summary;
        }
    }

    private (RunSpec Spec, Summary Summary)? summary;

    /// <summary>The epoch with the highest test accuracy, or <see langword="null"/> if the test split was not evaluated each epoch. Picking it is selection on the test set: report it beside the final accuracy, never instead of it.</summary>
    public EpochRecord? BestTestEpoch => History.Epochs.Where(epoch => epoch.TestAccuracy is not null).MaxBy(epoch => epoch.TestAccuracy);

    /// <summary>The run's results document with every epoch's record, as an experiment's <c>results.json</c> holds it (<see cref="RunResultJson"/>).</summary>
    public JsonObject ToJson() => RunResultJson.ToJson(this, history: true);

    /// <summary>Frees the final state, if it was kept.</summary>
    public void Dispose() => State?.Dispose();
}
