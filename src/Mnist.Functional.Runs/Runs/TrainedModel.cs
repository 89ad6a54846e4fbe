using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs;

/// <summary>A zoo model with trained variables, ready to evaluate or predict: what a checkpoint folder holds, without the optimizer.</summary>
/// <param name="Spec">The run that trained it: model, dataset, recipe, normalisation.</param>
/// <param name="Variables">The trained parameters and state; owned by this value and freed by <see cref="Dispose"/>.</param>
public sealed record TrainedModel(RunSpec Spec, Variables Variables) : IDisposable
{
    /// <summary>The zoo entry it was built from.</summary>
    public ZooModel Model => Spec.Model;

    /// <summary>The dataset it was trained on (its class names and image size).</summary>
    public DatasetInfo Dataset => Spec.Dataset;

    /// <summary>The network, the zoo architecture built for the dataset: <c>[B, 1, H, W] -> [B, classes]</c>.</summary>
    public Layer Network => Spec.Network;

    /// <summary>The preprocessing the model was trained with: <c>[B, H, W] uint8 -> [B, 1, H, W] float32</c>, normalised with the training split's statistics.</summary>
    /// <exception cref="InvalidDataException">The saved specification has no normalisation.</exception>
    public Func<Tensor, Tensor> Preprocessing => Preprocess.Standard(Spec.Normalisation
        ?? throw new InvalidDataException($"The run of {Spec.Model.Name} saved no pixel statistics, so its inputs cannot be normalised the way it was trained."));

    /// <summary>Loads the model of the checkpoint in <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no checkpoint there.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt or was not written by <c>mnist train</c>.</exception>
    /// <exception cref="CheckpointMismatchException">The saved tensors do not fit the named zoo model.</exception>
    public static TrainedModel Load(string directory)
    {
        var manifest = CheckpointStore.ReadManifest(directory);
        var source = Path.Combine(directory, CheckpointStore.ManifestFile);
        var spec = RunSpecJson.FromJson(manifest["metadata"]?["config"] as System.Text.Json.Nodes.JsonObject ?? [], source);
        RunSpecJson.RequireNormalisation(spec, source);
        using var scope = NewDisposeScope();
        using var generator = new Generator(0);
        var variables = CheckpointStore.LoadVariables(directory, spec.Network.Init(generator));
        variables.Params.DetachFromDisposeScope();
        variables.State.DetachFromDisposeScope();
        return new TrainedModel(spec, variables);
    }

    /// <summary>Frees the trained tensors.</summary>
    public void Dispose()
    {
        Variables.Params.Dispose();
        Variables.State.Dispose();
    }
}
