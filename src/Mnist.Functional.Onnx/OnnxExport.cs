using System.Globalization;
using Google.Protobuf;
using Mnist.Functional.IO;
using Mnist.Functional.Layers;
using Mnist.Functional.Runs;
using Onnx;
using static Mnist.Functional.Onnx.OnnxGraph;
using static TorchSharp.torch;

namespace Mnist.Functional.Onnx;

/// <summary>
/// Turns a model built from the layer combinators, with its trained variables, into an ONNX model that runs
/// without libtorch (ONNX Runtime, OpenVINO, TensorRT, a browser): <c>pixels: float32 [batch, 1, H, W]</c> (28 × 28 for MNIST)
/// from 0 to 255 <c>-> scores: [batch, classes]</c> (what the network ends with: logits or log-probabilities)
/// and <c>probabilities: [batch, classes]</c> (their softmax).
/// </summary>
/// <remarks>
/// <para>The dataset's normalisation is the graph's first two nodes (<c>Mul</c>, <c>Add</c>), so callers feed
/// the raw pixels; the statistics are also in the model's metadata (<c>pixel_mean</c>, <c>pixel_std</c>).</para>
/// <para>Opset <see cref="Opset"/>: every operator used has had its present meaning since opset 13 (Softmax and
/// LogSoftmax over one axis, as PyTorch), and 17 is PyTorch's own default export opset, run by ONNX Runtime
/// since 1.11 and by the other common runtimes. The weights keep their <c>state_dict</c> names as initializers.</para>
/// </remarks>
public static class OnnxExport
{
    /// <summary>The ONNX operator set version the graph is written for.</summary>
    public const long Opset = 17;

    /// <summary>The ONNX IR version that goes with <see cref="Opset"/>.</summary>
    public const long IrVersion = 8;

    /// <summary>The graph input: raw pixels, <c>float32 [batch, C, H, W]</c>, 0 to 255.</summary>
    public const string InputName = "pixels";

    /// <summary>The network's own output: <c>[batch, classes]</c> logits (or log-probabilities for a network that ends in LogSoftmax).</summary>
    public const string ScoresName = "scores";

    /// <summary>The class probabilities, <c>softmax(scores)</c>: <c>[batch, classes]</c>.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>
    /// The ONNX model of <paramref name="network"/> with <paramref name="variables"/>, taking raw pixels shaped
    /// as <paramref name="input"/> says; <paramref name="metadata"/> goes into the model's metadata properties.
    /// </summary>
    /// <exception cref="OnnxExportException">A layer has no ONNX form; the message names it by its path.</exception>
    /// <exception cref="ShapeMismatchException">The network does not take inputs of that shape.</exception>
    public static ModelProto ToModel(Layer network, Variables variables, OnnxInput input, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var graph = new OnnxGraph();
        var standardised = Standardise(graph, input);
        var output = OnnxLayers.Emit(graph, network, "", variables.Params, variables.State, new OnnxLayers.Value(standardised, zeros(input.SampleShape)));
        if (output.Sample.dim() != 2)
            throw new OnnxExportException("", network.Describe(), $"it gives outputs of shape [{string.Join(", ", output.Sample.shape)}] for one image, but a classifier's are [batch, classes].");
        var classes = output.Sample.shape[1];
        graph.Proto.Node.Add(new NodeProto { OpType = "Identity", Name = ScoresName, Input = { output.Name }, Output = { ScoresName } });
        graph.Proto.Node.Add(new NodeProto { OpType = "Softmax", Name = ProbabilitiesName, Input = { ScoresName }, Output = { ProbabilitiesName }, Attribute = { Int("axis", 1) } });
        graph.Proto.Input.Add(FloatValue(InputName, null, input.Channels, input.Height, input.Width));
        graph.Proto.Output.Add(FloatValue(ScoresName, null, classes));
        graph.Proto.Output.Add(FloatValue(ProbabilitiesName, null, classes));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Mnist.Functional",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "",
            DocString = "Raw pixels in (float32 [batch, C, H, W], 0 = background to 255 = ink); class scores and probabilities out.",
            Graph = graph.Proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in Metadata(input, metadata))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>
    /// The ONNX model of a trained zoo model, for its dataset's images (<c>[batch, 1, H, W]</c>), with the dataset's
    /// normalisation and class names in the metadata: <c>classes</c> is a JSON array of the names, indexed by class.
    /// </summary>
    /// <exception cref="OnnxExportException">A layer has no ONNX form.</exception>
    /// <exception cref="InvalidDataException">The trained model's run saved no pixel statistics.</exception>
    public static ModelProto ToModel(TrainedModel trained) =>
        ToModel(trained.Network, trained.Variables, new OnnxInput(trained.Spec.Normalisation
                ?? throw new InvalidDataException($"The run of {trained.Model.Name} saved no pixel statistics, so the export cannot say how to normalise its inputs."),
                1, trained.Dataset.Image.Height, trained.Dataset.Image.Width),
            new Dictionary<string, string>
            {
                ["model"] = trained.Model.Name,
                ["dataset"] = trained.Dataset.Id,
                ["classes"] = new System.Text.Json.Nodes.JsonArray([.. trained.Dataset.ClassNames.Select(name => (System.Text.Json.Nodes.JsonNode?)name)]).ToJsonString(),
            });

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> in ONNX's protobuf form, atomically.</summary>
    public static void Save(string path, ModelProto model) => AtomicFile.Write(path, model.WriteTo);

    /// <summary>Reads an ONNX model file.</summary>
    /// <exception cref="InvalidDataException">The file is not an ONNX model.</exception>
    public static ModelProto Load(string path)
    {
        try
        {
            using var stream = InputFile.OpenRead(path, "an ONNX model");
            return ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path} is not an ONNX model ({e.Message}).", e);
        }
    }

    // x · 1/(255·std) − mean/std, in the same float32 order as Preprocess.Standardize.
    private static string Standardise(OnnxGraph graph, OnnxInput input)
    {
        var scale = graph.Constant("pixel_scale", [(float)(1.0 / (255.0 * input.Stats.Std))]);
        var shift = graph.Constant("pixel_shift", [(float)(-input.Stats.Mean / input.Stats.Std)]);
        return graph.Node("Add", "standardise", [graph.Node("Mul", "standardise", [InputName, scale]), shift]);
    }

    private static IEnumerable<(string Key, string Value)> Metadata(OnnxInput input, IReadOnlyDictionary<string, string>? extra)
    {
        yield return ("input", $"{InputName}: float32 [batch, {input.Channels}, {input.Height}, {input.Width}], raw pixels from 0 (background) to 255 (ink); the graph standardises them");
        yield return ("pixel_mean", input.Stats.Mean.ToString("R", CultureInfo.InvariantCulture));
        yield return ("pixel_std", input.Stats.Std.ToString("R", CultureInfo.InvariantCulture));
        yield return ("outputs", $"{ScoresName}: [batch, classes], the network's output; {ProbabilitiesName}: [batch, classes], softmax of the scores");
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            yield return (key, value);
    }
}
