using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Initializers;
using Mnist.Functional.Json;

namespace Mnist.Functional.Layers;

/// <summary>
/// The registry of layer kinds the architecture's JSON form knows: for each, how a value is recognised, written and read.
/// Fields at their default value are left out when writing, so that one value has one form.
/// </summary>
internal static class LayerKinds
{
    /// <summary>The largest kernel size, stride, dilation, padding or output size a file may give.</summary>
    public const int MaxSize = 4096;

    /// <summary>The most channels, features or groups a file may give.</summary>
    public const int MaxChannels = 1 << 24;

    /// <summary>The largest dimension index (either sign) a file may give.</summary>
    public const int MaxDim = 64;

    /// <summary>The kinds, composites first, then as <see cref="Nn"/> lists them.</summary>
    public static IReadOnlyList<LayerKind> All { get; } =
    [
        new("sequential", "layers in order, Sequential(…) or Chain.Of(…); a child's \"name\" is its place unless given",
            ["layers"], Nn.Sequential(Nn.Linear(4, 3), Nn.Relu), [2, 4],
            layer => layer is Chain,
            (layer, json, child) => json["layers"] = new JsonArray([.. ((Chain)layer).Layers.Select((entry, position) => (JsonNode)child(entry.Layer, entry.Name, Position(position)))]),
            ReadSequential),
        new("residual", "x + inner(x), Residual(inner, name); the inner layer's \"name\" is fn unless given",
            ["inner"], Nn.Residual(Nn.Linear(4, 4)), [2, 4],
            layer => layer is Residual,
            (layer, json, child) => json["inner"] = child(((Residual)layer).Inner, ((Residual)layer).Name, "fn"),
            (json, child) =>
            {
                var (inner, name) = child(json.Object("inner")!, "fn");
                return new Residual(inner, name);
            }),
        new("conv2d", "2-d convolution, Conv2d(in, out, kernel) { Stride, Padding, Dilation, Groups, HasBias, WeightInit, BiasInit }",
            ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "weight_init", "bias_init"],
            Nn.Conv2d(1, 4, 3, padding: 1), [2, 1, 8, 8],
            layer => layer is Conv2d,
            (layer, json, _) => WriteConv((Conv2d)layer, json),
            (json, _) => ReadConv(json),
            layer => layer is Conv2d conv ? checked(conv.OutChannels * (long)(conv.InChannels / Math.Max(1, conv.Groups)) * conv.KernelSize.Height * conv.KernelSize.Width + (conv.HasBias ? conv.OutChannels : 0)) : 0),
        new("linear", "fully connected, Linear(in, out, bias) { WeightInit, BiasInit }",
            ["in_features", "out_features", "bias", "weight_init", "bias_init"], Nn.Linear(4, 3), [2, 4],
            layer => layer is Linear,
            (layer, json, _) => WriteLinear((Linear)layer, json),
            (json, _) => ReadLinear(json),
            layer => layer is Linear linear ? checked(linear.OutFeatures * (long)linear.InFeatures + (linear.HasBias ? linear.OutFeatures : 0)) : 0),
        BatchNormKind("batch_norm1d", "batch normalisation of [B, C] or [B, C, L], BatchNorm1d(C) { Eps, Momentum, Affine }", Nn.BatchNorm1d(4), [2, 4], features => new BatchNorm1d(features)),
        BatchNormKind("batch_norm2d", "batch normalisation of [B, C, H, W], BatchNorm2d(C) { Eps, Momentum, Affine }", Nn.BatchNorm2d(2), [2, 2, 4, 4], features => new BatchNorm2d(features)),
        new("max_pool2d", "2-d max pooling, MaxPool2d(kernel) { Stride, Padding, Dilation, CeilMode }",
            ["kernel_size", "stride", "padding", "dilation", "ceil_mode"], Nn.MaxPool2d(2), [2, 1, 4, 4],
            layer => layer is MaxPool2d,
            (layer, json, _) =>
            {
                var pool = (MaxPool2d)layer;
                WriteWindow(json, pool.KernelSize, pool.Stride, pool.Padding);
                if (pool.Dilation != 1) json["dilation"] = Size(pool.Dilation);
                if (pool.CeilMode) json["ceil_mode"] = true;
            },
            (json, _) =>
            {
                var (kernel, stride, padding) = ReadWindow(json);
                return new MaxPool2d(kernel) { Stride = stride, Padding = padding, Dilation = ReadSize(json, "dilation", 1, fallback: 1), CeilMode = json.Flag("ceil_mode", false) };
            }),
        new("avg_pool2d", "2-d average pooling, AvgPool2d(kernel) { Stride, Padding, CeilMode, CountIncludePad }",
            ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"], Nn.AvgPool2d(2), [2, 1, 4, 4],
            layer => layer is AvgPool2d,
            (layer, json, _) =>
            {
                var pool = (AvgPool2d)layer;
                WriteWindow(json, pool.KernelSize, pool.Stride, pool.Padding);
                if (pool.CeilMode) json["ceil_mode"] = true;
                if (!pool.CountIncludePad) json["count_include_pad"] = false;
            },
            (json, _) =>
            {
                var (kernel, stride, padding) = ReadWindow(json);
                return new AvgPool2d(kernel) { Stride = stride, Padding = padding, CeilMode = json.Flag("ceil_mode", false), CountIncludePad = json.Flag("count_include_pad", true) };
            }),
        new("adaptive_avg_pool2d", "2-d average pooling to a fixed size, AdaptiveAvgPool2d(size)",
            ["output_size"], Nn.AdaptiveAvgPool2d(1), [2, 1, 4, 4],
            layer => layer is AdaptiveAvgPool2d,
            (layer, json, _) => json["output_size"] = Size(((AdaptiveAvgPool2d)layer).OutputSize),
            (json, _) => new AdaptiveAvgPool2d(ReadSize(json, "output_size", 1))),
        new("flatten", "merges dimensions, Flatten(start_dim, end_dim)",
            ["start_dim", "end_dim"], Nn.Flatten(), [2, 1, 2, 2],
            layer => layer is Flatten,
            (layer, json, _) =>
            {
                var flatten = (Flatten)layer;
                if (flatten.StartDim != 1) json["start_dim"] = flatten.StartDim;
                if (flatten.EndDim != -1) json["end_dim"] = flatten.EndDim;
            },
            (json, _) => new Flatten((int)json.WholeNumber("start_dim", -MaxDim, MaxDim, 1), (int)json.WholeNumber("end_dim", -MaxDim, MaxDim, -1))),
        new("dropout", "dropout, Dropout(p)",
            ["p"], Nn.Dropout(0.25), [2, 4],
            layer => layer is Dropout,
            (layer, json, _) => { if (((Dropout)layer).P != 0.5) json["p"] = ((Dropout)layer).P; },
            (json, _) => new Dropout(json.Number("p", "a probability from 0 to 1", p => p is >= 0 and <= 1, 0.5))),
        ActivationKind("relu", ActivationFunction.Relu, Nn.Relu),
        ActivationKind("gelu", ActivationFunction.Gelu, Nn.Gelu),
        ActivationKind("silu", ActivationFunction.Silu, Nn.Silu),
        ActivationKind("tanh", ActivationFunction.Tanh, Nn.Tanh),
        ActivationKind("sigmoid", ActivationFunction.Sigmoid, Nn.Sigmoid),
        new("leaky_relu", "leaky ReLU, LeakyRelu(negative_slope)",
            ["negative_slope"], Nn.LeakyRelu(0.1), [2, 4],
            layer => layer is LeakyRelu,
            (layer, json, _) => { if (((LeakyRelu)layer).NegativeSlope != 0.01) json["negative_slope"] = ((LeakyRelu)layer).NegativeSlope; },
            (json, _) => new LeakyRelu(json.Number("negative_slope", "a number from -1,000 to 1,000", slope => Math.Abs(slope) <= 1000, 0.01))),
        DimKind("softmax", "softmax along a dimension, Softmax(dim)", Nn.Softmax(), layer => layer is Softmax softmax ? softmax.Dim : null, dim => new Softmax(dim)),
        DimKind("log_softmax", "log-softmax along a dimension, LogSoftmax(dim)", Nn.LogSoftmax(), layer => layer is LogSoftmax logSoftmax ? logSoftmax.Dim : null, dim => new LogSoftmax(dim)),
    ];

    /// <summary>The names of the kinds, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(kind => kind.Name)];

    /// <summary>The kind of <paramref name="layer"/>; <see langword="null"/> for a layer with no JSON form (a <see cref="Lambda"/>, a layer of the user's own).</summary>
    public static LayerKind? Of(Layer layer) => All.FirstOrDefault(kind => kind.Describes(layer));

    /// <summary>The kind called <paramref name="name"/>.</summary>
    public static LayerKind Named(string name) => All.First(kind => kind.Name == name);

    private static LayerKind ActivationKind(string name, ActivationFunction function, Activation example) =>
        new(name, $"{example.Describe()}, Nn.{function}", [], example, [2, 4],
            layer => layer is Activation activation && activation.Function == function,
            (_, _, _) => { },
            (_, _) => new Activation(function));

    private static LayerKind BatchNormKind(string name, string summary, BatchNorm example, long[] input, Func<int, BatchNorm> make) =>
        new(name, summary, ["num_features", "eps", "momentum", "affine"], example, input,
            layer => layer.GetType() == example.GetType(),
            (layer, json, _) =>
            {
                var norm = (BatchNorm)layer;
                json["num_features"] = norm.NumFeatures;
                if (norm.Eps != 1e-5) json["eps"] = norm.Eps;
                if (norm.Momentum != 0.1) json["momentum"] = norm.Momentum;
                if (!norm.Affine) json["affine"] = false;
            },
            (json, _) => make((int)json.WholeNumber("num_features", 1, MaxChannels)) with
            {
                Eps = json.Number("eps", "a number above 0 and at most 1", eps => eps is > 0 and <= 1, 1e-5),
                Momentum = json.Number("momentum", "a number from 0 to 1", momentum => momentum is >= 0 and <= 1, 0.1),
                Affine = json.Flag("affine", true),
            },
            layer => layer is BatchNorm { Affine: true } norm ? 2L * norm.NumFeatures : 0);

    private static LayerKind DimKind(string name, string summary, Layer example, Func<Layer, long?> dimOf, Func<long, Layer> make) =>
        new(name, summary, ["dim"], example, [2, 4],
            layer => dimOf(layer) is not null,
            (layer, json, _) => { if (dimOf(layer) is { } dim && dim != 1) json["dim"] = dim; },
            (json, _) => make(json.WholeNumber("dim", -MaxDim, MaxDim, 1)));

    private static Chain ReadSequential(FieldReader json, ChildReader child)
    {
        var entries = json.Objects("layers", 0, int.MaxValue).Select((item, position) => (Item: item, Child: child(item, Position(position)))).ToList();
        var duplicate = entries.GroupBy(entry => entry.Child.Name).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            var twice = duplicate.ToList();
            throw json.Fault(twice[1].Item.PathOf("name"),
                $"must differ from every other layer's name in the list, but {twice[0].Item.Path} is also called '{duplicate.Key}' (a layer without a name is called by its place)");
        }
        return Chain.Of(entries.Select(entry => (entry.Child.Name, entry.Child.Layer)));
    }

    // A pooling window: its size, its stride when given (the window's size otherwise), and its padding.
    private static void WriteWindow(JsonObject json, Size2d kernel, Size2d? stride, Size2d padding)
    {
        json["kernel_size"] = Size(kernel);
        if (stride is { } step) json["stride"] = Size(step);
        if (padding != 0) json["padding"] = Size(padding);
    }

    private static (Size2d Kernel, Size2d? Stride, Size2d Padding) ReadWindow(FieldReader json) =>
        (ReadSize(json, "kernel_size", 1), json.Has("stride") ? ReadSize(json, "stride", 1) : null, ReadSize(json, "padding", 0, fallback: 0));

    private static void WriteConv(Conv2d conv, JsonObject json)
    {
        json["in_channels"] = conv.InChannels;
        json["out_channels"] = conv.OutChannels;
        json["kernel_size"] = Size(conv.KernelSize);
        if (conv.Stride != 1) json["stride"] = Size(conv.Stride);
        if (conv.Padding.IsSame) json["padding"] = "same";
        else if (conv.Padding.Amount != 0) json["padding"] = Size(conv.Padding.Amount);
        if (conv.Dilation != 1) json["dilation"] = Size(conv.Dilation);
        if (conv.Groups != 1) json["groups"] = conv.Groups;
        WriteAffine(conv.HasBias, conv.WeightInit, conv.BiasInit, json);
    }

    private static Conv2d ReadConv(FieldReader json) =>
        new((int)json.WholeNumber("in_channels", 1, MaxChannels), (int)json.WholeNumber("out_channels", 1, MaxChannels), ReadSize(json, "kernel_size", 1))
        {
            Stride = ReadSize(json, "stride", 1, fallback: 1),
            Padding = ReadPadding(json),
            Dilation = ReadSize(json, "dilation", 1, fallback: 1),
            Groups = (int)json.WholeNumber("groups", 1, MaxChannels, 1),
            HasBias = json.Flag("bias", true),
            WeightInit = InitializerJson.Read(json, "weight_init", Init.TorchDefault),
            BiasInit = InitializerJson.Read(json, "bias_init", Init.TorchDefault),
        };

    private static void WriteLinear(Linear linear, JsonObject json)
    {
        json["in_features"] = linear.InFeatures;
        json["out_features"] = linear.OutFeatures;
        WriteAffine(linear.HasBias, linear.WeightInit, linear.BiasInit, json);
    }

    private static Linear ReadLinear(FieldReader json) =>
        new((int)json.WholeNumber("in_features", 1, MaxChannels), (int)json.WholeNumber("out_features", 1, MaxChannels), json.Flag("bias", true))
        {
            WeightInit = InitializerJson.Read(json, "weight_init", Init.TorchDefault),
            BiasInit = InitializerJson.Read(json, "bias_init", Init.TorchDefault),
        };

    // The bias flag and the initialisers of Conv2d and Linear; an initialiser of the user's own kind has no JSON form.
    private static void WriteAffine(bool hasBias, Initializer weightInit, Initializer biasInit, JsonObject json)
    {
        if (!hasBias) json["bias"] = false;
        if (weightInit != Init.TorchDefault) json["weight_init"] = InitializerJson.Write(weightInit) ?? throw NoForm(weightInit, "weight");
        if (biasInit != Init.TorchDefault) json["bias_init"] = InitializerJson.Write(biasInit) ?? throw NoForm(biasInit, "bias");
    }

    private static ArgumentException NoForm(Initializer initializer, string what) =>
        new($"The {what} initialiser {initializer.GetType().Name} has no JSON form; use one of Init's (a VarianceScaling or a Constant).");

    /// <summary>A (height, width) pair as JSON: <c>3</c> when square, else <c>[3, 5]</c>.</summary>
    private static JsonNode Size(Size2d size) => size.Height == size.Width ? size.Height : new JsonArray(size.Height, size.Width);

    /// <summary>A (height, width) pair from a number or a list of two, each from <paramref name="minimum"/> to <see cref="MaxSize"/>.</summary>
    private static Size2d ReadSize(FieldReader json, string field, int minimum, Size2d? fallback = null)
    {
        if (json.Raw(field, required: fallback is null) is not { } value) return fallback!.Value;
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2)
            return new((int)json.WholeNumber(value[0], $"{field}[0]", minimum, MaxSize), (int)json.WholeNumber(value[1], $"{field}[1]", minimum, MaxSize));
        if (value.ValueKind == JsonValueKind.Number)
            return (int)json.WholeNumber(value, field, minimum, MaxSize);
        throw json.Wrong(field, $"{FieldReader.Range(minimum, MaxSize)} or a list of two, [height, width]", value);
    }

    private static Padding2d ReadPadding(FieldReader json)
    {
        return json.Raw("padding") is { ValueKind: JsonValueKind.String }
            ? json.Choice("padding", ["same", "valid"]) == "same" ? Padding2d.Same : Padding2d.Valid
            : ReadSize(json, "padding", 0, fallback: 0);
    }

    private static string Position(int position) => position.ToString(CultureInfo.InvariantCulture);
}
