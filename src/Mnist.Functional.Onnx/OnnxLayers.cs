using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using static Mnist.Functional.Onnx.OnnxGraph;
using static TorchSharp.torch;

namespace Mnist.Functional.Onnx;

/// <summary>
/// Writes a layer tree into an <see cref="OnnxGraph"/>, one layer at a time, in the order <see cref="Layer.Apply(Params, Params, Tensor, Mode)"/>
/// runs them. Each leaf also runs once, in evaluation mode, on a sample input, which gives the shapes that some
/// operators need (Flatten into Reshape, adaptive pooling into a fixed window).
/// </summary>
/// <remarks>
/// Batch normalisation is written as ONNX <c>BatchNormalization</c> (inference form) with the running statistics as
/// inputs, not folded into the preceding convolution: the weights in the file stay those of the checkpoint, under
/// their <c>state_dict</c> names, and ONNX Runtime folds Conv + BatchNormalization itself when it loads the model.
/// </remarks>
internal static class OnnxLayers
{
    /// <summary>A value of the graph: its name and a sample tensor of its shape (batch 1).</summary>
    public readonly record struct Value(string Name, Tensor Sample);

    /// <summary>Writes <paramref name="layer"/> at <paramref name="path"/> applied to <paramref name="input"/>; returns its output.</summary>
    /// <exception cref="OnnxExportException">A layer has no ONNX form.</exception>
    public static Value Emit(OnnxGraph graph, Layer layer, string path, Params parameters, Params state, Value input) => layer switch
    {
        Chain chain => chain.Layers.Aggregate(input, (x, child) =>
            Emit(graph, child.Layer, Join(path, child.Name), parameters.Child(child.Name), state.Child(child.Name), x)),
        Residual residual => Add(graph, path, input, Emit(graph, residual.Inner, Join(path, residual.Name), parameters.Child(residual.Name), state.Child(residual.Name), input)),
        Dropout => input,
        _ => new Value(Leaf(graph, layer, path, parameters, state, input), Run(layer, parameters, state, input.Sample)),
    };

    private static string Leaf(OnnxGraph graph, Layer layer, string path, Params parameters, Params state, Value x) => layer switch
    {
        Conv2d conv => Conv(graph, conv, path, parameters, x.Name),
        Linear linear => Dense(graph, linear, path, parameters, x),
        BatchNorm norm => graph.Node("BatchNormalization", path,
            [x.Name, Scale(graph, norm, path, parameters, "weight", 1f), Scale(graph, norm, path, parameters, "bias", 0f),
             graph.Initializer($"{path}.running_mean", state["running_mean"]), graph.Initializer($"{path}.running_var", state["running_var"])],
            Float("epsilon", norm.Eps)),
        MaxPool2d pool => graph.Node("MaxPool", path, [x.Name],
            Ints("kernel_shape", pool.KernelSize.ToArray()), Ints("strides", (pool.Stride ?? pool.KernelSize).ToArray()),
            Ints("pads", Symmetric(pool.Padding)), Ints("dilations", pool.Dilation.ToArray()), Int("ceil_mode", pool.CeilMode ? 1 : 0)),
        AvgPool2d pool => graph.Node("AveragePool", path, [x.Name],
            Ints("kernel_shape", pool.KernelSize.ToArray()), Ints("strides", (pool.Stride ?? pool.KernelSize).ToArray()),
            Ints("pads", Symmetric(pool.Padding)), Int("ceil_mode", pool.CeilMode ? 1 : 0), Int("count_include_pad", pool.CountIncludePad ? 1 : 0)),
        AdaptiveAvgPool2d pool => AdaptivePool(graph, pool, path, x),
        Flatten flatten => FlattenTo(graph, flatten, path, x),
        Softmax softmax => graph.Node("Softmax", path, [x.Name], Int("axis", softmax.Dim)),
        LogSoftmax logSoftmax => graph.Node("LogSoftmax", path, [x.Name], Int("axis", logSoftmax.Dim)),
        LeakyRelu leaky => graph.Node("LeakyRelu", path, [x.Name], Float("alpha", leaky.NegativeSlope)),
        Activation activation => Activate(graph, activation.Function, path, x.Name),
        Lambda => throw new OnnxExportException(path, layer.Describe(),
            "it is a plain C# function, which the exporter cannot see into. Use one of the library's activations (Nn.Relu, Gelu, Silu, Tanh, Sigmoid, LeakyRelu) or a layer with an ONNX form."),
        _ => throw new OnnxExportException(path, layer.Describe(),
            $"the exporter knows no ONNX form for a {layer.GetType().Name}. Build the model from the library's layers (see Layers.Nn), or write its ONNX form beside OnnxLayers."),
    };

    private static Value Add(OnnxGraph graph, string path, Value x, Value fx) =>
        new(graph.Node("Add", path, [x.Name, fx.Name]), x.Sample + fx.Sample);

    private static Tensor Run(Layer layer, Params parameters, Params state, Tensor sample) =>
        layer.Apply(parameters, state, sample, Mode.Eval).Output;

    private static string Conv(OnnxGraph graph, Conv2d conv, string path, Params parameters, string x)
    {
        List<string> inputs = [x, graph.Initializer($"{path}.weight", parameters["weight"])];
        if (conv.HasBias) inputs.Add(graph.Initializer($"{path}.bias", parameters["bias"]));
        return graph.Node("Conv", path, inputs,
            Ints("kernel_shape", conv.KernelSize.ToArray()), Ints("strides", conv.Stride.ToArray()), Ints("pads", ConvPads(conv)),
            Ints("dilations", conv.Dilation.ToArray()), Int("group", conv.Groups));
    }

    // ONNX pads are [top, left, bottom, right]; PyTorch's "same" puts the odd zero at the bottom/right.
    private static long[] ConvPads(Conv2d conv)
    {
        if (!conv.Padding.IsSame)
            return Symmetric(conv.Padding.Amount);
        var totalHeight = conv.Dilation.Height * (conv.KernelSize.Height - 1);
        var totalWidth = conv.Dilation.Width * (conv.KernelSize.Width - 1);
        return [totalHeight / 2, totalWidth / 2, totalHeight - totalHeight / 2, totalWidth - totalWidth / 2];
    }

    private static long[] Symmetric(Size2d padding) => [padding.Height, padding.Width, padding.Height, padding.Width];

    // Gemm takes [B, in] only; a Linear on more dimensions multiplies by the transposed weight.
    private static string Dense(OnnxGraph graph, Linear linear, string path, Params parameters, Value x)
    {
        var weight = graph.Initializer($"{path}.weight", parameters["weight"]);
        var bias = linear.HasBias ? graph.Initializer($"{path}.bias", parameters["bias"]) : "";
        if (x.Sample.dim() == 2)
            return graph.Node("Gemm", path, linear.HasBias ? [x.Name, weight, bias] : [x.Name, weight], Int("transB", 1));
        var product = graph.Node("MatMul", path, [x.Name, graph.Node("Transpose", path, [weight])]);
        return linear.HasBias ? graph.Node("Add", path, [product, bias]) : product;
    }

    // Without affine parameters, batch norm scales by 1 and shifts by 0.
    private static string Scale(OnnxGraph graph, BatchNorm norm, string path, Params parameters, string name, float fixedValue) =>
        norm.Affine
            ? graph.Initializer($"{path}.{name}", parameters[name])
            : graph.Constant($"{path}.{name}", Enumerable.Repeat(fixedValue, norm.NumFeatures).ToArray(), norm.NumFeatures);

    // Adaptive pooling has fixed windows only when the output size divides the input size.
    private static string AdaptivePool(OnnxGraph graph, AdaptiveAvgPool2d pool, string path, Value x)
    {
        var (height, width) = (x.Sample.shape[^2], x.Sample.shape[^1]);
        var (outHeight, outWidth) = (pool.OutputSize.Height, pool.OutputSize.Width);
        if (outHeight == 1 && outWidth == 1)
            return graph.Node("GlobalAveragePool", path, [x.Name]);
        if (height % outHeight != 0 || width % outWidth != 0)
            throw new OnnxExportException(path, pool.Describe(),
                $"its input is {height}×{width}, which {outHeight}×{outWidth} does not divide, so its windows differ in size and ONNX's AveragePool cannot express them. Choose an output size that divides the input, or use AvgPool2d.");
        long[] window = [height / outHeight, width / outWidth];
        return graph.Node("AveragePool", path, [x.Name], Ints("kernel_shape", window), Ints("strides", window));
    }

    // ONNX Flatten always gives 2 dimensions; any other merge is a Reshape to the sample's shape, batch kept (0) or merged (-1).
    private static string FlattenTo(OnnxGraph graph, Flatten flatten, string path, Value x)
    {
        var rank = x.Sample.dim();
        var start = flatten.StartDim < 0 ? flatten.StartDim + rank : flatten.StartDim;
        var end = flatten.EndDim < 0 ? flatten.EndDim + rank : flatten.EndDim;
        if (start == 1 && end == rank - 1)
            return graph.Node("Flatten", path, [x.Name], Int("axis", 1));
        var shape = x.Sample.shape;
        var target = Enumerable.Range(0, (int)start).Select(i => i == 0 ? 0L : shape[i])
            .Append(-1L)
            .Concat(shape.Skip((int)end + 1));
        return graph.Node("Reshape", path, [x.Name, graph.Constant($"{path}.shape", target.ToArray())]);
    }

    private static string Activate(OnnxGraph graph, ActivationFunction function, string path, string x)
    {
        switch (function)
        {
            case ActivationFunction.Relu: return graph.Node("Relu", path, [x]);
            case ActivationFunction.Tanh: return graph.Node("Tanh", path, [x]);
            case ActivationFunction.Sigmoid: return graph.Node("Sigmoid", path, [x]);
            case ActivationFunction.Silu: return graph.Node("Mul", path, [x, graph.Node("Sigmoid", path, [x])]);
            case ActivationFunction.Gelu:
                // x · Φ(x) = x · (1 + erf(x / √2)) / 2, exact as PyTorch's default; opset 17 has no Gelu operator.
                var erf = graph.Node("Erf", path, [graph.Node("Div", path, [x, graph.Constant($"{path}.sqrt2", [MathF.Sqrt(2f)])])]);
                var half = graph.Node("Mul", path, [x, graph.Constant($"{path}.half", [0.5f])]);
                return graph.Node("Mul", path, [half, graph.Node("Add", path, [erf, graph.Constant($"{path}.one", [1f])])]);
            default:
                throw new OnnxExportException(path, function.ToString(), "the exporter knows no ONNX form for this activation function.");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
