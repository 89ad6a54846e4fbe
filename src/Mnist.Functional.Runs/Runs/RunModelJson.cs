using System.Text.Json.Nodes;
using Mnist.Functional.Datasets;
using Mnist.Functional.IO;
using Mnist.Functional.Json;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Text;

namespace Mnist.Functional.Runs;

/// <summary>
/// The model of a run's specification as JSON: its <c>model</c> name and its <c>architecture</c> (<see cref="ArchitectureJson"/>),
/// so that a checkpoint or <c>run.json</c> rebuilds the network it was written with, whether the zoo has it or not.
/// </summary>
/// <remarks>
/// A specification written before architectures were saved has the name alone, and reads back as that zoo model. A
/// network that holds a layer with no JSON form (a <see cref="Lambda"/>) is written by name alone, and its checkpoint is
/// loaded in code, with the network given (<see cref="TrainedModel.Load(string, Layer)"/>).
/// </remarks>
public static class RunModelJson
{
    /// <summary>The field that holds the architecture.</summary>
    public const string ArchitectureField = "architecture";

    /// <summary>The JSON form of <paramref name="network"/> (a run's network, built for its dataset); <see langword="null"/> when a layer has none (a <see cref="Lambda"/>).</summary>
    public static JsonObject? Architecture(Layer network)
    {
        try
        {
            return ArchitectureJson.ToJson(network);
        }
        catch (UndescribableLayerException)
        {
            return null;
        }
    }

    /// <summary>
    /// The model named <paramref name="name"/> with <paramref name="architecture"/>: the zoo's model when it is the zoo's network
    /// (so it keeps its description), else a model of that name and network with <paramref name="recipe"/>. Without an
    /// architecture, the zoo's model of that name; <paramref name="network"/>, when given, stands in for a network the
    /// specification could not describe.
    /// </summary>
    /// <param name="name">The <c>model</c> field's text.</param>
    /// <param name="architecture">The <c>architecture</c> field, or <see langword="null"/> when absent.</param>
    /// <param name="recipe">The run's recipe, for a model the zoo does not have.</param>
    /// <param name="dataset">The run's dataset, whose images and classes the network must fit.</param>
    /// <param name="source">The file, for messages.</param>
    /// <param name="field">The specification's place in that file: <c>metadata.config</c> or <c>spec</c>.</param>
    /// <param name="network">The network of a run saved without an architecture, given in code; <see langword="null"/> to take it from the file or the zoo.</param>
    /// <exception cref="InvalidDataException">The architecture is not one this library can build for the dataset, or there is none and the zoo has no model of that name; the message names the field and says what to do.</exception>
    public static ZooModel Read(string name, JsonNode? architecture, Recipe recipe, DatasetInfo dataset, string source, string field, Layer? network = null)
    {
        var zoo = Zoo.All.FirstOrDefault(model => string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase));
        if (network is not null)
            return zoo is not null && zoo.Network.Equals(network) ? zoo : new ZooModel(name, "A model of its own, given in code", network, recipe);
        // The architecture is the network built for the dataset's images and classes: the zoo's when it builds the same.
        var built = architecture is null ? null : Build(architecture, dataset, source, $"{field}.{ArchitectureField}");
        if (built is null)
            return zoo ?? throw new InvalidDataException(
                $"{source}: the model '{OutsideText.Show(name)}' is not in this library's zoo ({string.Join(", ", Zoo.All.Select(model => model.Name))}), and the run saved no " +
                $"architecture for it ('{field}.{ArchitectureField}' is absent): its network holds a layer with no JSON form (a C# function, a Lambda), or a library older than architectures wrote it. " +
                "Load it in code with the network that trained it: TrainedModel.Load(folder, network).");
        return zoo is not null && IsBuiltBy(zoo, dataset, built)
            ? zoo
            : new ZooModel(name, zoo is null ? "A model of its own, built from the architecture saved with its run" : $"{zoo.Name} as saved with its run (the zoo's {zoo.Name} is another network now)", built, recipe);
    }

    private static Layer Build(JsonNode architecture, DatasetInfo dataset, string source, string field)
    {
        try
        {
            return ArchitectureJson.FromJson(architecture, [1, dataset.Image.Height, dataset.Image.Width], dataset.ClassNames.Count, source, path: field);
        }
        catch (DescriptionException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static bool IsBuiltBy(ZooModel zoo, DatasetInfo dataset, Layer built)
    {
        try
        {
            return zoo.For(new ModelShape(dataset.Image.Height, dataset.Image.Width, dataset.Classes)).Equals(built);
        }
        catch (ModelDoesNotFitException)
        {
            return false;
        }
    }
}
