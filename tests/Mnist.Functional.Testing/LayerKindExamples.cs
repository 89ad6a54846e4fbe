using Mnist.Functional.Layers;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.Functional.Testing;

/// <summary>
/// Every layer kind the architecture's JSON form knows, enumerated from its registry (<see cref="ArchitectureJson.Kinds"/>),
/// and a small image classifier around each kind's example, so that tests of every kind (round trips, ONNX export) fail
/// for a kind added without them.
/// </summary>
public static class LayerKindExamples
{
    /// <summary>The classes <see cref="Classifier"/> scores.</summary>
    public const int Classes = 3;

    /// <summary>One test case per kind, named by it.</summary>
    public static IEnumerable<TestCaseData> Kinds() => ArchitectureJson.Kinds.Select(kind => new TestCaseData(kind).SetArgDisplayNames(kind.Name));

    /// <summary>
    /// Images of <c>Sample</c> (channels, height, width) through a layer that makes the example's input, the example, a
    /// flatten and a linear layer to <see cref="Classes"/> scores; the children are named, so that a sequential example
    /// stays a child of its own.
    /// </summary>
    public static (Chain Network, long[] Sample) Classifier(LayerKind kind)
    {
        var input = kind.ExampleInput.ToArray();
        (Layer prefix, long[] sample) = input.Length == 4
            ? ((Layer)Conv2d(1, (int)input[1], 1), new long[] { 1, input[2], input[3] })
            : (Sequential(Flatten(), Linear(16, (int)input[1])), [1, 4, 4]);
        var output = kind.Example.OutputShape(input) ?? throw new InvalidOperationException($"{kind.Name}'s example cannot tell its output shape.");
        var features = output.Skip(1).Aggregate(1L, (product, size) => product * size);
        return (Sequential(("input", prefix), ("example", kind.Example), ("flatten", Flatten()), ("scores", Linear((int)features, Classes))), sample);
    }
}
