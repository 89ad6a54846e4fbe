using System.Text.Json.Nodes;
using Mnist.Functional.Datasets;
using Mnist.Functional.Json;
using Mnist.Functional.Layers;

namespace Mnist.Functional.Runs.Sweeps;

/// <summary>
/// The architecture files a sweep names (<c>model_file</c>), each read once and checked for the trial's dataset before any
/// trial starts. The texts read are kept (<see cref="Read"/>), so that the sweep's folder holds the networks its trials were
/// built from, and a process that joins later builds the same ones even when a file has changed since.
/// </summary>
internal sealed class ArchitectureFiles(string source, Func<string, (string Text, string Source)>? readFile)
{
    private readonly Dictionary<string, (string Text, string Source)> texts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), JsonObject> built = [];

    /// <summary>Each file's path as the sweep writes it, and its text, in the order they were first named.</summary>
    public IReadOnlyDictionary<string, string> Read => texts.ToDictionary(file => file.Key, file => file.Value.Text, StringComparer.Ordinal);

    /// <summary>The architecture in the file <paramref name="written"/>, built for <paramref name="dataset"/>, in its JSON form.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read or is not an architecture this library can build for the dataset; the message names the sweep file, <paramref name="field"/> and the layer at fault.</exception>
    public JsonObject Architecture(string written, DatasetInfo dataset, string field)
    {
        if (built.TryGetValue((written, dataset.Id), out var known)) return (JsonObject)known.DeepClone();
        if (!texts.TryGetValue(written, out var file))
        {
            if (readFile is null)
                throw new InvalidDataException($"{source}: the field '{field}' names the architecture file '{written}', which this sweep holds no copy of. {SweepFile.Remedy}");
            try
            {
                texts[written] = file = readFile(written);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"{source}: the field '{field}' names the architecture file '{written}' (a path from the sweep file's folder), which cannot be read: {e.Message} {SweepFile.Remedy}", e);
            }
        }
        Layer network;
        try
        {
            network = ArchitectureJson.Read(file.Text, [1, dataset.Image.Height, dataset.Image.Width], dataset.ClassNames.Count, file.Source);
        }
        catch (DescriptionException e)
        {
            throw new InvalidDataException($"{source}: the field '{field}' names the architecture file '{written}', which is not a network for {dataset.Title}: {e.Message}", e);
        }
        var json = ArchitectureJson.ToJson(network);
        built[(written, dataset.Id)] = json;
        return (JsonObject)json.DeepClone();
    }
}
