using System.Text.Json.Nodes;
using Mnist.Functional.Json;

namespace Mnist.Functional.Layers;

/// <summary>
/// One kind of layer in the architecture's JSON form (<see cref="ArchitectureJson"/>): the name its <c>kind</c> field
/// holds, the other fields it takes, and an example value with an input it accepts. <see cref="ArchitectureJson.Kinds"/>
/// lists them all; anything that must cover every layer kind (the ONNX exporter's tests, the documentation's tests)
/// enumerates that list.
/// </summary>
public sealed class LayerKind
{
    internal LayerKind(string name, string summary, IReadOnlyList<string> fields, Layer example, long[] exampleInput,
                       Func<Layer, bool> describes, Action<Layer, JsonObject, ChildWriter> write, Func<FieldReader, ChildReader, Layer> read,
                       Func<Layer, long>? parameters = null)
    {
        (Name, Summary, Fields, Example, ExampleInput) = (name, summary, fields, example, exampleInput);
        (Describes, Write, Read, Parameters) = (describes, write, read, parameters ?? (_ => 0));
    }

    /// <summary>The value of the <c>kind</c> field, such as <c>conv2d</c>.</summary>
    public string Name { get; }

    /// <summary>What the layer is, in a few words, with the C# value it reads as.</summary>
    public string Summary { get; }

    /// <summary>The fields this kind takes besides <c>kind</c> (and <c>name</c>, which any child layer may have), in the order they are written.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>A layer of this kind.</summary>
    public Layer Example { get; }

    /// <summary>An input shape, batch first, that <see cref="Example"/> accepts.</summary>
    public IReadOnlyList<long> ExampleInput { get; }

    /// <summary>Whether a layer is of this kind.</summary>
    internal Func<Layer, bool> Describes { get; }

    /// <summary>Adds the layer's fields (those that differ from their defaults) to its JSON object.</summary>
    internal Action<Layer, JsonObject, ChildWriter> Write { get; }

    /// <summary>Reads a layer of this kind from its JSON object (whose <c>kind</c> is already read).</summary>
    internal Func<FieldReader, ChildReader, Layer> Read { get; }

    /// <summary>The trainable numbers a leaf of this kind holds, worked out from its settings (0 for composites, whose children hold theirs); may throw <see cref="OverflowException"/> for absurd settings.</summary>
    internal Func<Layer, long> Parameters { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Writes a child layer's JSON object, with its name when that is not the default.</summary>
internal delegate JsonObject ChildWriter(Layer child, string name, string? defaultName);

/// <summary>Reads a child layer and its name (the default when the object has none) from a JSON object.</summary>
internal delegate (Layer Layer, string Name) ChildReader(FieldReader json, string defaultName);
