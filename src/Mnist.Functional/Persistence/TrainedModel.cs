using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Persistence;
using Mnist.Functional.Runs;
using static TorchSharp.torch;

namespace Mnist.Functional.Persistence;

/// <summary>A zoo model with trained variables, ready to evaluate or predict: what a checkpoint folder holds, without the optimizer.</summary>
/// <param name="Config">How the model was trained.</param>
/// <param name="Model">The zoo entry it was built from.</param>
/// <param name="Dataset">The dataset it was trained on (its class names).</param>
/// <param name="Variables">The trained parameters and state; owned by this value and freed by <see cref="Dispose"/>.</param>
public sealed record TrainedModel(RunConfig Config, ZooModel Model, DatasetInfo Dataset, Variables Variables) : IDisposable
{
    /// <summary>The preprocessing the model was trained with: <c>[B, 28, 28] uint8 -> [B, 1, 28, 28] float32</c>, normalised with the training split's statistics.</summary>
    public Func<Tensor, Tensor> Preprocessing => Preprocess.Standard(new PixelStats(Config.PixelMean, Config.PixelStd));

    /// <summary>Loads the model of the checkpoint in <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no checkpoint there.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt or was not written by <c>mnist train</c>.</exception>
    /// <exception cref="CheckpointMismatchException">The saved tensors do not fit the named zoo model.</exception>
    public static TrainedModel Load(string directory)
    {
        var manifest = CheckpointStore.ReadManifest(directory);
        var source = Path.Combine(directory, CheckpointStore.ManifestFile);
        var config = RunConfig.FromJson(manifest["metadata"]?["config"] as System.Text.Json.Nodes.JsonObject ?? [], source);
        var model = FindIn(source, () => Zoo.Find(config.Model));
        var dataset = FindIn(source, () => DatasetCatalog.Find(config.Dataset));
        using var scope = NewDisposeScope();
        using var generator = new Generator(0);
        var variables = CheckpointStore.LoadVariables(directory, model.Network.Init(generator));
        variables.Params.DetachFromDisposeScope();
        variables.State.DetachFromDisposeScope();
        return new TrainedModel(config, model, dataset, variables);
    }

    /// <summary>Frees the trained tensors.</summary>
    public void Dispose()
    {
        Variables.Params.Dispose();
        Variables.State.Dispose();
    }

    private static T FindIn<T>(string source, Func<T> find)
    {
        try
        {
            return find();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source} names something this version does not know: {e.Message}", e);
        }
    }
}
