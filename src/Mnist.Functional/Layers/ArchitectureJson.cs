using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Json;

namespace Mnist.Functional.Layers;

/// <summary>
/// The architecture's JSON form: a layer value written as a document a person can read and write by hand, and read back
/// to an equal value, checked before a tensor is made. Every layer the library's combinators build has a form; a
/// <see cref="Lambda"/> (a C# function) has none.
/// </summary>
/// <remarks>
/// <para>The document is the top layer's object with a <c>version</c>: <c>{ "version": 1, "kind": "sequential", "layers":
/// [{ "kind": "conv2d", "in_channels": 1, "out_channels": 32, "kernel_size": 3 }, { "kind": "relu" }, …] }</c>. Each layer
/// is an object with its <c>kind</c> (<see cref="Kinds"/>) and its settings under PyTorch's argument names; a setting at its
/// default is left out. A layer inside a sequential or a residual may carry a <c>name</c>, the name its parameters are
/// nested under (<c>conv1.weight</c>); without one, a sequential's child is called by its place (0, 1, …) and a residual's
/// inner layer <c>fn</c>. <c>docs/architecture.md</c> lists every kind and field.</para>
/// <para>Reading checks, in order and before any tensor exists: the size in bytes and the JSON nesting; that every field is
/// known, present when required, of the right type and in range (the message gives its path, such as
/// <c>layers[3].inner.layers[1].out_channels</c>); the nesting of layers and their count; then, through
/// <see cref="ArchitectureCheck"/>, that an input of the dataset's shape flows through every layer to one score per class
/// within the parameter and activation budgets (<see cref="ArchitectureLimits"/>).</para>
/// <para>Written and read back, a network is equal to the one written (<c>Equals</c>), so the same seed gives it the same
/// parameters, outputs and gradients. <see cref="Canonical"/> gives the one-line text of a value: two networks are the same
/// architecture exactly when their canonical texts are equal.</para>
/// </remarks>
public static class ArchitectureJson
{
    /// <summary>The version of the form this library writes and reads.</summary>
    public const int Version = 1;

    private const string What = "an architecture";

    /// <summary>Every layer kind the form knows, composites first.</summary>
    public static IReadOnlyList<LayerKind> Kinds => LayerKinds.All;

    /// <summary>The JSON form of <paramref name="network"/>, with the <c>version</c> first.</summary>
    /// <exception cref="UndescribableLayerException">A layer has no JSON form (a <see cref="Lambda"/>); the message names its path.</exception>
    public static JsonObject ToJson(Layer network)
    {
        var json = new JsonObject { ["version"] = Version };
        foreach (var (key, value) in Write(network, "", name: null))
            json[key] = value?.DeepClone();
        return json;
    }

    /// <summary>The JSON form of <paramref name="network"/> as indented text, one layer a line where it fits, ending with a new line.</summary>
    /// <exception cref="UndescribableLayerException">A layer has no JSON form; the message names its path.</exception>
    public static string Write(Layer network) => JsonForm.Pretty(ToJson(network));

    /// <summary>The JSON form of <paramref name="network"/> on one line, defaults left out: equal for two networks exactly when they are the same architecture.</summary>
    /// <exception cref="UndescribableLayerException">A layer has no JSON form; the message names its path.</exception>
    public static string Canonical(Layer network) => JsonForm.Compact(ToJson(network));

    /// <summary>Reads an architecture from <paramref name="text"/> and checks it for samples of <paramref name="sampleShape"/> and <paramref name="classes"/> classes.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="sampleShape">One sample's shape, without the batch: <c>[1, 28, 28]</c> for MNIST.</param>
    /// <param name="classes">How many scores the network must give per sample.</param>
    /// <param name="source">Where the text came from (a file name), to start every message.</param>
    /// <param name="limits">The bounds; <see cref="ArchitectureLimits.Default"/> when left out.</param>
    /// <exception cref="DescriptionException">The text is not an architecture this library can build, or the network does not fit the data or the limits; the message says where and what to do.</exception>
    public static Layer Read(string text, IReadOnlyList<long> sampleShape, int classes, string source, ArchitectureLimits? limits = null)
    {
        limits ??= ArchitectureLimits.Default;
        using var document = JsonForm.Parse(text, source, What, limits.MaxBytes, limits.MaxJsonDepth, DepthRule(limits));
        return FromJson(document.RootElement, sampleShape, classes, source, limits);
    }

    /// <summary>Reads an architecture from <paramref name="stream"/> (UTF-8, at most <see cref="ArchitectureLimits.MaxBytes"/> bytes read); otherwise as <see cref="Read(string, IReadOnlyList{long}, int, string, ArchitectureLimits?)"/>.</summary>
    /// <exception cref="DescriptionException">The stream holds too many bytes or no architecture this library can build; the message says where and what to do.</exception>
    public static Layer Read(Stream stream, IReadOnlyList<long> sampleShape, int classes, string source, ArchitectureLimits? limits = null)
    {
        limits ??= ArchitectureLimits.Default;
        using var document = JsonForm.Parse(stream, source, What, limits.MaxBytes, limits.MaxJsonDepth, DepthRule(limits));
        return FromJson(document.RootElement, sampleShape, classes, source, limits);
    }

    /// <summary>
    /// Reads an architecture from a JSON object already parsed, such as the <c>architecture</c> field of a larger document
    /// (then <paramref name="path"/> is that field's path, and messages give paths from the document's top).
    /// </summary>
    /// <exception cref="DescriptionException">The object is not an architecture this library can build, or the network does not fit the data or the limits.</exception>
    public static Layer FromJson(JsonNode json, IReadOnlyList<long> sampleShape, int classes, string source, ArchitectureLimits? limits = null, string path = "")
    {
        using var document = JsonForm.Document(json);
        return FromJson(document.RootElement, sampleShape, classes, source, limits, path);
    }

    /// <inheritdoc cref="FromJson(JsonNode, IReadOnlyList{long}, int, string, ArchitectureLimits?, string)"/>
    public static Layer FromJson(JsonElement json, IReadOnlyList<long> sampleShape, int classes, string source, ArchitectureLimits? limits = null, string path = "")
    {
        limits ??= ArchitectureLimits.Default;
        if (json.ValueKind != JsonValueKind.Object)
            throw new DescriptionException(source, path, $"{(path.Length == 0 ? "An architecture" : $"The field '{path}'")} must be an object, {{ … }}, but it is {FieldReader.Describe(json)}.");
        var root = new FieldReader(json, source, path);
        CountLayers(json, path, limits.MaxLayers, root, 0);
        if (root.WholeNumber("version", 0, int.MaxValue) != Version)
            throw root.Wrong("version", $"{Version}, the version of the architecture form this library reads (a newer library may write a newer one)", root.Raw("version"));
        var reading = new Reading(limits);
        var network = reading.Layer(root, depth: 1);
        root.NoOtherFields($"the top of an architecture (a {root.Text("kind")} with a version)", ["version", "kind", .. LayerKinds.Named(root.Text("kind")).Fields]);
        ArchitectureCheck.Run(network, sampleShape, classes, source, limits, path);
        return network;
    }

    // The layers in the order the reader meets them (a layer, then its children), counted before any is read, so that a
    // file of many layers is refused at the first one over the limit for the cost of a walk over the parsed text.
    private static int CountLayers(JsonElement layer, string path, int maxLayers, FieldReader root, int counted)
    {
        if (++counted > maxLayers)
            throw root.Fault(path, string.Create(CultureInfo.InvariantCulture,
                $"is layer number {counted:N0}, more than the {maxLayers:N0} allowed ({nameof(ArchitectureLimits)}.{nameof(ArchitectureLimits.MaxLayers)})"));
        if (layer.TryGetProperty("layers", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            var position = 0;
            foreach (var child in children.EnumerateArray())
            {
                var childPath = string.Create(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? "" : path + ".")}layers[{position++}]");
                if (child.ValueKind == JsonValueKind.Object)
                    counted = CountLayers(child, childPath, maxLayers, root, counted);
            }
        }
        if (layer.TryGetProperty("inner", out var inner) && inner.ValueKind == JsonValueKind.Object)
            counted = CountLayers(inner, path.Length == 0 ? "inner" : path + ".inner", maxLayers, root, counted);
        return counted;
    }

    private static string DepthRule(ArchitectureLimits limits) =>
        $"which is {limits.MaxDepth} levels of layers ({nameof(ArchitectureLimits)}.{nameof(ArchitectureLimits.MaxDepth)})";

    // A layer's object: its kind, then its name when a parent asks for it and it is not the default, then its fields.
    private static JsonObject Write(Layer layer, string path, string? name, string? defaultName = null)
    {
        var kind = LayerKinds.Of(layer) ?? throw new UndescribableLayerException(path, layer);
        var json = new JsonObject { ["kind"] = kind.Name };
        if (name is not null && name != defaultName)
            json["name"] = name;
        kind.Write(layer, json, (child, childName, childDefault) => Write(child, path.Length == 0 ? childName : $"{path}.{childName}", childName, childDefault));
        return json;
    }

    /// <summary>One reading of a document, its layers already counted: checks the nesting as it goes, so that the limits hold before anything is built.</summary>
    private sealed class Reading(ArchitectureLimits limits)
    {
        public Layer Layer(FieldReader json, int depth)
        {
            if (depth > limits.MaxDepth)
                throw json.Fault(json.Path, $"nests layers {depth} deep, deeper than the {limits.MaxDepth} levels allowed ({nameof(ArchitectureLimits)}.{nameof(ArchitectureLimits.MaxDepth)}). Flatten the nesting");
            var kind = LayerKinds.Named(json.Choice("kind", LayerKinds.Names));
            var layer = kind.Read(json, (child, defaultName) =>
            {
                var name = child.Text("name", defaultName);
                if (!IsName(name))
                    throw child.Wrong("name", "a name of 1 to 64 letters, digits, '_' or '-' (it becomes part of the parameters' names, such as conv1.weight)", child.Raw("name"));
                var inner = Layer(child, depth + 1);
                child.NoOtherFields($"a {child.Text("kind")} layer", ["name", .. LayerKinds.Named(child.Text("kind")).Fields]);
                return (inner, name);
            });
            return layer;
        }

        private static bool IsName(string name) =>
            name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }
}
