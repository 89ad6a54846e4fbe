using System.Globalization;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Parameters;
using Mnist.Functional.Tensors;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs;

/// <summary>A model (of the zoo or of its own) with trained variables, ready to evaluate or predict: what a checkpoint folder holds, without the optimizer.</summary>
/// <param name="Spec">The run that trained it: model, dataset, recipe, normalisation.</param>
/// <param name="Variables">The trained parameters and state; owned by this value and freed by <see cref="Dispose"/>.</param>
public sealed record TrainedModel(RunSpec Spec, Variables Variables) : IDisposable
{
    /// <summary>The model: its name, network and recipe.</summary>
    public ZooModel Model => Spec.Model;

    /// <summary>The dataset it was trained on (its class names and image size).</summary>
    public DatasetInfo Dataset => Spec.Dataset;

    /// <summary>The network, the zoo architecture built for the dataset: <c>[B, 1, H, W] -> [B, classes]</c>.</summary>
    public Layer Network => Spec.Network;

    /// <summary>The preprocessing the model was trained with: <c>[B, H, W] uint8 -> [B, 1, H, W] float32</c>, normalised with the training split's statistics.</summary>
    /// <exception cref="InvalidDataException">The saved specification has no normalisation.</exception>
    public Func<Tensor, Tensor> Preprocessing => Preprocess.Standard(Spec.Normalisation
        ?? throw new InvalidDataException($"The run of {Spec.Model.Name} saved no pixel statistics, so its inputs cannot be normalised the way it was trained."));

    /// <summary>Loads the model of the checkpoint in <paramref name="directory"/>, its network built from the architecture saved with it (or, for a checkpoint written before architectures were saved, taken from the zoo by name), after every check of <see cref="Validate"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no checkpoint there.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt, was not written by a run of this library, holds no usable model (see <see cref="Validate"/>), or it saved no architecture and its model is not in the zoo (load it with <see cref="Load(string, Layer)"/>).</exception>
    /// <exception cref="CheckpointMismatchException">The saved tensors do not fit the network.</exception>
    public static TrainedModel Load(string directory) => Load(directory, null);

    /// <summary>
    /// Loads the checkpoint in <paramref name="directory"/> into <paramref name="network"/>: for a run whose network has a layer
    /// with no JSON form (a <see cref="Lambda"/>), which its checkpoint could not describe. Everything else comes from the checkpoint.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no checkpoint there.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt or was not written by a run of this library.</exception>
    /// <exception cref="CheckpointMismatchException">The saved tensors do not fit <paramref name="network"/>: it is not the network that was trained.</exception>
    public static TrainedModel Load(string directory, Layer? network)
    {
        var manifest = CheckpointStore.ReadManifest(directory);
        var source = Path.Combine(directory, CheckpointStore.ManifestFile);
        var spec = RunSpecJson.FromJson(manifest["metadata"]?["config"] as System.Text.Json.Nodes.JsonObject ?? [], source, network: network);
        RunSpecJson.RequireNormalisation(spec, source);
        using var scope = NewDisposeScope();
        using var generator = new Generator(0);
        var variables = CheckpointStore.LoadVariables(directory, spec.Network.Init(generator));
        Validate(spec, variables, Path.Combine(directory, CheckpointStore.ModelFile));
        variables.Params.DetachFromDisposeScope();
        variables.State.DetachFromDisposeScope();
        return new TrainedModel(spec, variables);
    }

    /// <summary>
    /// The checks every model is loaded through, and that <c>import</c> applies before it writes one: pixel statistics in
    /// range, every tensor finite, every batch norm's running variance (<c>running_var</c>) at least 0, and one forward
    /// pass over plain inputs (all black, all white, mid-grey) whose class probabilities are all finite, so that no
    /// weights too large for float32 get through.
    /// </summary>
    /// <param name="spec">The run the variables are for (its model and normalisation).</param>
    /// <param name="variables">The model's parameters and state.</param>
    /// <param name="source">Where the variables come from (a file), named in messages.</param>
    /// <exception cref="InvalidDataException">A check failed; the message names the tensor or the statistic.</exception>
    public static void Validate(RunSpec spec, Variables variables, string source)
    {
        if (spec.Normalisation is not { } stats || !stats.IsUsable)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: the pixel statistics {(spec.Normalisation is { } given ? $"(mean {given.Mean}, standard deviation {given.Std})" : "")} cannot normalise inputs: {PixelStats.UsableRange}."));
        var all = variables.Params.Concat(variables.State);
        if (all.FirstNonFinite() is { } bad)
            throw new InvalidDataException($"{source}: the tensor {bad} holds NaN or infinite values, so no result computed from it would mean anything. Use another checkpoint or train again.");
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            foreach (var (path, tensor) in variables.State.Where(entry => entry.Key.EndsWith(".running_var", StringComparison.Ordinal) || entry.Key == "running_var"))
                if (tensor.min().item<float>() < 0)
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"{source}: the tensor {path}, a batch norm's running variance, holds a negative value ({tensor.min().item<float>()}); a variance is never negative, so the layer's output would be NaN. Use another checkpoint or train again."));
        }
        // The probe images are of the model's own size: a model of other images cannot take MNIST's.
        long[] size = [spec.Dataset.Image.Height, spec.Dataset.Image.Width];
        using var scalars = new ScalarScope();
        var probe = stack([full(size, scalars.Of(0L), ScalarType.Byte), full(size, scalars.Of(255L), ScalarType.Byte), full(size, scalars.Of(128L), ScalarType.Byte)]);
        var probabilities = Evaluator.Probabilities(spec.Network, variables, probe, spec.Dataset.ClassNames, preprocess: Preprocess.Standard(stats));
        if (probabilities.NonFiniteSamples.Count > 0)
        {
            var (largest, value) = Largest(all);
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: the model's outputs are NaN or infinite even for a plain {(probabilities.NonFiniteSamples[0] switch { 0 => "black", 1 => "white", _ => "grey" })} image, so it can give no class: its values are too large for float32 arithmetic (the largest, {value:G3}, is in {largest}). Use another checkpoint or train again."));
        }
    }

    // The tensor holding the value of largest magnitude, and that value.
    private static (string Path, double Value) Largest(Params tensors)
    {
        using var scope = NewDisposeScope();
        return tensors.Where(entry => entry.Value.is_floating_point() && entry.Value.numel() > 0)
            .Select(entry => (Path: entry.Key, Value: entry.Value.abs().max().to(ScalarType.Float64).item<double>()))
            .MaxBy(entry => entry.Value);
    }

    /// <summary>Frees the trained tensors.</summary>
    public void Dispose()
    {
        Variables.Params.Dispose();
        Variables.State.Dispose();
    }
}
