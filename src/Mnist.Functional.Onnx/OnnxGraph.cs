using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Mnist.Functional.Onnx;

/// <summary>
/// An ONNX graph under construction: nodes in the order they run, initializers (the weights, under their
/// <c>state_dict</c> names) and constants. Every value gets a name no other value has.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private int counter;

    /// <summary>The graph as built so far.</summary>
    public GraphProto Proto { get; } = new() { Name = "network" };

    /// <summary>Adds a node of <paramref name="opType"/> on <paramref name="inputs"/> and returns the name of its one output.</summary>
    /// <param name="opType">The ONNX operator, such as <c>Conv</c>.</param>
    /// <param name="path">The layer the node comes from, for its name; empty for the graph's own nodes.</param>
    /// <param name="inputs">The names of its inputs, in the operator's order; an empty name for an optional input left out.</param>
    /// <param name="attributes">Its attributes.</param>
    public string Node(string opType, string path, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Fresh(path.Length == 0 ? opType.ToLowerInvariant() : $"{path}.{opType.ToLowerInvariant()}");
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return output;
    }

    /// <summary>Adds <paramref name="value"/> (float32 or int64, on any device) as an initializer named <paramref name="name"/> and returns the name.</summary>
    public string Initializer(string name, Tensor value)
    {
        using var scope = NewDisposeScope();
        var contiguous = value.detach().cpu().contiguous();
        var proto = new TensorProto { Name = Fresh(name), DataType = (int)DataTypeOf(contiguous), RawData = ByteString.CopyFrom(contiguous.bytes) };
        proto.Dims.AddRange(contiguous.shape);
        Proto.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>A float32 constant of shape <paramref name="shape"/> holding <paramref name="values"/>, as an initializer.</summary>
    public string Constant(string name, float[] values, params long[] shape)
    {
        var proto = new TensorProto { Name = Fresh(name), DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        proto.Dims.AddRange(shape);
        Proto.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>An int64 vector constant, such as a target shape for <c>Reshape</c>, as an initializer.</summary>
    public string Constant(string name, long[] values)
    {
        var proto = new TensorProto { Name = Fresh(name), DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        proto.Dims.Add(values.Length);
        Proto.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Declares a float32 graph input or output; a <see langword="null"/> dimension is the batch, named <c>batch</c>.</summary>
    public static ValueInfoProto FloatValue(string name, params long?[] shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        foreach (var dimension in shape)
            tensorType.Shape.Dim.Add(dimension is { } size ? new TensorShapeProto.Types.Dimension { DimValue = size } : new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, double value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    /// <summary>A list-of-integers attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private string Fresh(string wanted)
    {
        var name = wanted;
        while (!names.Add(name)) name = $"{wanted}_{++counter}";
        return name;
    }

    private static TensorProto.Types.DataType DataTypeOf(Tensor value) => value.dtype switch
    {
        ScalarType.Float32 => TensorProto.Types.DataType.Float,
        ScalarType.Int64 => TensorProto.Types.DataType.Int64,
        var other => throw new ArgumentException($"A {other} tensor cannot be written into the ONNX graph; the exporter writes float32 weights (convert the model with .to(float32) first)."),
    };
}
