using System.Globalization;
using Mnist.Functional.Json;
using Mnist.Functional.Tensors;

namespace Mnist.Functional.Layers;

/// <summary>
/// Checks, without making a tensor, that a network is one a run can train on a dataset: every layer has a JSON form, an
/// input of the dataset's shape flows through every layer (<see cref="Layer.OutputShape"/>) to one score per class, and
/// the network stays within <see cref="ArchitectureLimits"/>. The architecture reader runs it on everything it reads.
/// </summary>
/// <remarks>
/// Shapes are worked out for a batch of 2, so that a layer that merges the batch into other dimensions is caught. A
/// problem is a <see cref="DescriptionException"/> that names the layer twice: where it is in the JSON form
/// (<c>layers[3].inner.layers[1]</c>) and its path in the model (<c>3.fn.1</c>, as in its parameters' names).
/// </remarks>
public static class ArchitectureCheck
{
    private const long Batch = 2;

    /// <summary>Checks <paramref name="network"/> for samples of <paramref name="sampleShape"/> (such as <c>[1, 28, 28]</c>) and <paramref name="classes"/> classes; returns its parameter count.</summary>
    /// <param name="network">The network.</param>
    /// <param name="sampleShape">One sample's shape, without the batch.</param>
    /// <param name="classes">How many scores the network must give per sample.</param>
    /// <param name="source">What the network came from (a file name), for messages.</param>
    /// <param name="limits">The bounds; <see cref="ArchitectureLimits.Default"/> when left out.</param>
    /// <param name="fieldPath">Where the network sits in the JSON document it came from (empty at its top).</param>
    /// <exception cref="DescriptionException">A shape does not flow, the network does not end with one score per class, or it is over a limit.</exception>
    /// <exception cref="UndescribableLayerException">A layer has no JSON form.</exception>
    public static long Run(Layer network, IReadOnlyList<long> sampleShape, int classes, string source, ArchitectureLimits? limits = null, string fieldPath = "")
    {
        var walk = new Walk(source, limits ?? ArchitectureLimits.Default, [Batch, .. sampleShape]);
        var output = walk.Through(network, walk.Input, "", fieldPath, depth: 1);
        if (!output.SequenceEqual([Batch, (long)classes]))
            throw new DescriptionException(source, fieldPath, string.Create(CultureInfo.InvariantCulture,
                $"the network gives an output of shape {Shapes.Format(output)} for an input of {Shapes.Format(walk.Input)}, but it must give one score per class, " +
                $"{Shapes.Format([Batch, classes])} for these {classes} classes. End it with a layer that gives {classes} numbers per sample, such as a linear layer with out_features {classes}."));
        return walk.Parameters;
    }

    /// <summary>The walk through the layers, adding up what the limits bound.</summary>
    private sealed class Walk(string source, ArchitectureLimits limits, long[] input)
    {
        private int layers;

        public long[] Input => input;

        public long Parameters { get; private set; }

        public long[] Through(Layer layer, long[] shape, string layerPath, string fieldPath, int depth)
        {
            if (depth > limits.MaxDepth)
                throw Fault(fieldPath, $"nests layers {depth} deep, deeper than the {limits.MaxDepth} levels allowed ({nameof(ArchitectureLimits)}.{nameof(ArchitectureLimits.MaxDepth)}). Flatten the nesting");
            if (++layers > limits.MaxLayers)
                throw Fault(fieldPath, $"is layer number {layers}, more than the {limits.MaxLayers:N0} allowed ({nameof(ArchitectureLimits)}.{nameof(ArchitectureLimits.MaxLayers)})");
            var kind = LayerKinds.Of(layer) ?? throw new UndescribableLayerException(layerPath, layer);
            switch (layer)
            {
                case Chain chain:
                    for (var position = 0; position < chain.Layers.Length; position++)
                    {
                        var (name, child) = chain.Layers[position];
                        shape = Through(child, shape, Join(layerPath, name), Join(fieldPath, string.Create(CultureInfo.InvariantCulture, $"layers[{position}]")), depth + 1);
                    }
                    return shape;
                case Residual residual:
                    var inner = Through(residual.Inner, shape, Join(layerPath, residual.Name), Join(fieldPath, "inner"), depth + 1);
                    if (!inner.SequenceEqual(shape))
                        throw Fault(fieldPath, $"is a residual block ({Named(layerPath)}) whose inner layer turns {Shapes.Format(shape)} into {Shapes.Format(inner)}, but x + inner(x) needs the two shapes equal. Make the inner layer keep the shape (padding \"same\" for a convolution)");
                    return shape;
            }
            long[] output;
            try
            {
                output = layer.OutputShape(shape) ?? throw new UndescribableLayerException(layerPath, layer);
            }
            catch (ShapeMismatchException mismatch)
            {
                throw Fault(fieldPath, $"is {layer.Describe()} ({Named(layerPath)}), which expects {mismatch.Subject} of shape {mismatch.Expected} but gets {mismatch.Actual} when the network's input is {Shapes.Format(input)}. Correct this layer's settings or the one before it");
            }
            catch (ArgumentException invalid) when (invalid is not UndescribableLayerException)
            {
                var reason = invalid.Message.StartsWith(layer.Describe() + ": ", StringComparison.Ordinal) ? invalid.Message[(layer.Describe().Length + 2)..] : invalid.Message;
                throw Fault(fieldPath, $"is {layer.Describe()} ({Named(layerPath)}), whose settings do not go together: {reason.TrimEnd('.')}");
            }
            catch (OverflowException)
            {
                throw Fault(fieldPath, $"is {layer.Describe()} ({Named(layerPath)}), whose output for an input of {Shapes.Format(shape)} is too large to count");
            }
            var elements = ElementsPerSample(output);
            if (elements > limits.MaxActivationsPerSample)
                throw Fault(fieldPath, string.Create(CultureInfo.InvariantCulture,
                    $"is {layer.Describe()} ({Named(layerPath)}), which gives {Shapes.Format(output)}: {(elements == long.MaxValue ? "too many" : elements.ToString("N0", CultureInfo.InvariantCulture))} numbers per sample, more than the {limits.MaxActivationsPerSample:N0} allowed ({nameof(ArchitectureLimits)}.{nameof(ArchitectureLimits.MaxActivationsPerSample)}). Make it smaller"));
            long parameters;
            try
            {
                parameters = checked(Parameters + kind.Parameters(layer));
            }
            catch (OverflowException)
            {
                parameters = long.MaxValue;
            }
            if (parameters > limits.MaxParameters)
                throw Fault(fieldPath, string.Create(CultureInfo.InvariantCulture,
                    $"is {layer.Describe()} ({Named(layerPath)}), which brings the network's parameters to {(parameters == long.MaxValue ? "too many to count" : parameters.ToString("N0", CultureInfo.InvariantCulture))}, more than the {limits.MaxParameters:N0} allowed ({nameof(ArchitectureLimits)}.{nameof(ArchitectureLimits.MaxParameters)}). Make it smaller"));
            Parameters = parameters;
            return output;
        }

        private DescriptionException Fault(string fieldPath, string problem) =>
            new(source, fieldPath, $"the layer at {(fieldPath.Length == 0 ? "the top level" : $"'{fieldPath}'")} {problem}.");

        private static string Named(string layerPath) => layerPath.Length == 0 ? "the whole model" : $"'{layerPath}' in the model";

        private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

        private static long ElementsPerSample(long[] shape)
        {
            try
            {
                return shape.Skip(1).Aggregate(1L, (product, size) => checked(product * size));
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }
    }
}
