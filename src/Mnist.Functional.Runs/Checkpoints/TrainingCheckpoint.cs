using System.Text.Json.Nodes;
using Mnist.Functional.IO;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Checkpoints;

/// <summary>Saves a training state as a <see cref="Checkpoint"/> and loads it back for a resume or an evaluation.</summary>
public static class TrainingCheckpoint
{
    /// <summary>Writes <paramref name="state"/> to <paramref name="directory"/> with the generator state and <paramref name="config"/> (kept as given, under <c>metadata.config</c>).</summary>
    public static void Save(string directory, TrainState state, byte[] generatorState, JsonObject config) =>
        CheckpointStore.Save(directory, new Checkpoint(
            state.Variables,
            state.Optimizer.ToParams(),
            generatorState,
            state.CompletedEpochs,
            state.Step,
            new JsonObject
            {
                ["config"] = config.DeepClone(),
                ["history"] = HistoryJson.ToJson(state.History),
                ["progress"] = HistoryJson.ProgressToJson(state.Progress),
            }));

    /// <summary>The configuration saved with the checkpoint in <paramref name="directory"/>, read without loading any tensor.</summary>
    /// <exception cref="InvalidDataException">The configuration is there but not an object.</exception>
    public static JsonObject ReadConfig(string directory) =>
        new JsonFields(Path.Combine(directory, CheckpointStore.ManifestFile))
            .Child(CheckpointStore.ReadManifest(directory)["metadata"] as JsonObject ?? [], "config", required: false, prefix: "metadata");

    /// <summary>
    /// Loads the checkpoint in <paramref name="directory"/> for <paramref name="setup"/>'s model and
    /// optimizer. The returned state belongs to no dispose scope: pass it to <see cref="Train.Fit"/> to
    /// resume, or free it with <see cref="TrainState.Dispose"/>.
    /// </summary>
    /// <exception cref="CheckpointMismatchException">The checkpoint was saved from another architecture or optimizer.</exception>
    public static (TrainState State, byte[] GeneratorState, JsonObject Config) Load(string directory, TrainingSetup setup)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)setup.Seed);
        var template = setup.Model.Init(generator);
        var optimizerTemplate = setup.Optimizer.Init(template.Params).ToParams();
        var checkpoint = CheckpointStore.Load(directory, template, optimizerTemplate);
        var metadata = checkpoint.Metadata;
        var source = Path.Combine(directory, CheckpointStore.ManifestFile);
        var optimizer = OptState.FromParams(checkpoint.OptimizerState);
        var history = HistoryJson.FromJson(metadata["history"], source);
        if (optimizer.Step != checkpoint.Step || history.Epochs.Count != checkpoint.Epoch)
            throw new InvalidDataException(
                $"{source} does not agree with its own files: it says epoch {checkpoint.Epoch}, step {checkpoint.Step}, but its history holds {history.Epochs.Count} epochs " +
                $"and {CheckpointStore.OptimizerFile} {optimizer.Step} steps. It was changed or damaged after it was written; use another checkpoint or train again.");
        var state = new TrainState(checkpoint.Variables, optimizer, history, HistoryJson.ProgressFromJson(metadata["progress"], source));
        return (state.DetachFromDisposeScope(), checkpoint.GeneratorState, metadata["config"] as JsonObject ?? []);
    }
}
