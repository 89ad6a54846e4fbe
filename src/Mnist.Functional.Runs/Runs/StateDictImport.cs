using Mnist.Functional.Checkpoints;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs;

/// <summary>
/// Brings weights trained elsewhere in: a PyTorch <c>state_dict</c> saved as safetensors
/// (<c>safetensors.torch.save_file(model.state_dict(), path)</c>) for the same architecture as a zoo model
/// becomes a checkpoint folder that evaluation, prediction, export and resumed training read.
/// </summary>
public static class StateDictImport
{
    /// <summary>
    /// Reads the state_dict in <paramref name="weightsFile"/> as <paramref name="network"/>'s parameters and state,
    /// checking every name, shape and dtype against the network's own.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable safetensors file.</exception>
    /// <exception cref="CheckpointMismatchException">Names or shapes differ; every missing, unexpected and mis-shaped tensor is listed.</exception>
    public static Variables Read(string weightsFile, Layer network)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(0);
        var template = network.Init(generator);
        var loaded = SafeTensorsFile.LoadLike(weightsFile, template.Params.Concat(template.State));
        var variables = new Variables(template.Params.Map((path, _) => loaded[path]), template.State.Map((path, _) => loaded[path]));
        variables.Params.DetachFromDisposeScope();
        variables.State.DetachFromDisposeScope();
        return variables;
    }

    /// <summary>
    /// Writes a checkpoint folder <paramref name="directory"/> holding <paramref name="weightsFile"/>'s weights as
    /// <paramref name="model"/>, trained on <paramref name="dataset"/> with inputs standardised by <paramref name="stats"/>:
    /// no epochs done, a fresh optimizer state for the model's recipe, and the run configuration that the readers need.
    /// </summary>
    /// <remarks>
    /// Nothing is written that a reader would refuse: the weights and statistics pass every check a load makes
    /// (<see cref="TrainedModel.Validate"/>, one forward pass included) before the folder is made.
    /// </remarks>
    /// <returns>The run specification saved with the checkpoint.</returns>
    /// <exception cref="CheckpointMismatchException">The weights do not fit the model; every difference is listed.</exception>
    /// <exception cref="InvalidDataException">The weights or statistics hold no usable model (NaN, a negative running variance, values too large); the message names the tensor.</exception>
    public static RunSpec ToCheckpoint(string weightsFile, ZooModel model, DatasetInfo dataset, PixelStats stats, string directory, long seed = RunSpec.DefaultSeed)
    {
        var spec = RunSpec.Of(model, dataset, seed) with { Normalisation = stats };
        var variables = Read(weightsFile, spec.Network);
        try
        {
            TrainedModel.Validate(spec, variables, weightsFile);
        }
        catch
        {
            variables.Params.Dispose();
            variables.State.Dispose();
            throw;
        }
        var optimizer = model.Recipe.OptimizerFor(stepsPerEpoch: 1, model.Recipe.Epochs);
        using var state = new TrainState(variables, optimizer.Init(variables.Params), History.Empty, EpochProgress.None).DetachFromDisposeScope();
        TrainingCheckpoint.Save(directory, state, [], RunSpecJson.ToJson(spec));
        return spec;
    }
}
