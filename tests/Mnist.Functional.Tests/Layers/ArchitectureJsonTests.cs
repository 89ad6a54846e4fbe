using System.Text.Json.Nodes;
using Mnist.Functional.Initializers;
using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

/// <summary>Written and read back, a network is the same value (the zoo's networks, with their parameters, outputs, gradients and training, are tested beside the zoo).</summary>
public sealed class ArchitectureJsonTests
{
    private static readonly long[] Mnist = [1, 28, 28];

    // The shape of the zoo's lenet5 and mlp, which the Runs project keeps: these tests need a network, not the zoo.
    private static readonly Chain LeNet = Sequential(
        Conv2d(1, 6, 5, padding: 2), Relu, MaxPool2d(2), Conv2d(6, 16, 5), Relu, MaxPool2d(2),
        Flatten(), Linear(400, 120), Relu, Linear(120, 84), Relu, Linear(84, 10));

    private static readonly Chain Perceptron = Sequential(Flatten(), Linear(784, 512), Relu, Dropout(0.2), Linear(512, 256), Relu, Dropout(0.2), Linear(256, 10));

    [TestCaseSource(typeof(LayerKindExamples), nameof(LayerKindExamples.Kinds))]
    public void Every_Kind_Reads_Back_Equal(LayerKind kind)
    {
        var (network, sample) = LayerKindExamples.Classifier(kind);

        var read = ArchitectureJson.Read(ArchitectureJson.Write(network), sample, LayerKindExamples.Classes, "example.json");

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(network));
            Assert.That(ArchitectureJson.Canonical(read), Is.EqualTo(ArchitectureJson.Canonical(network)));
            Assert.That(ArchitectureJson.ToJson(network)["kind"]!.GetValue<string>(), Is.EqualTo("sequential"));
            Assert.That(ArchitectureJson.Canonical(network), Does.Contain($"\"kind\":\"{kind.Name}\""));
        });
    }

    [Test]
    public void Every_Setting_That_Differs_From_Its_Default_Reads_Back()
    {
        var network = Sequential(
            ("stem", new Conv2d(1, 6, (3, 5)) { Stride = (1, 2), Padding = (2, 1), Dilation = (2, 1), Groups = 1, HasBias = false, WeightInit = Init.KaimingNormal(0.1, FanMode.Out), BiasInit = Init.Zeros }),
            ("norm", new BatchNorm2d(6) { Eps = 1e-3, Momentum = 0.01, Affine = false }),
            ("act", LeakyRelu(0.2)),
            ("block", Residual(Sequential(Conv2d(6, 6, 3, padding: Padding2d.Same, groups: 3), Gelu, new Dropout(0.1)), "branch")),
            ("pool", new MaxPool2d(3) { Stride = 2, Padding = 1, Dilation = 1, CeilMode = true }),
            ("avg", new AvgPool2d((2, 1)) { Stride = 1, Padding = (1, 0), CeilMode = true, CountIncludePad = false }),
            ("tail", Sequential(Silu, Tanh, Sigmoid, AdaptiveAvgPool2d((2, 3)), Flatten(2, -1), Flatten(), new Linear(36, 10, HasBias: false) { WeightInit = Init.GlorotUniform(2) }, LogSoftmax(-1))));

        var text = ArchitectureJson.Write(network);
        var read = ArchitectureJson.Read(text, Mnist, 10, "every-setting.json");

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(network));
            Assert.That(ArchitectureJson.Write(read), Is.EqualTo(text));
            Assert.That(text, Does.Contain("\"name\": \"branch\"").And.Contain("\"padding\": \"same\"").And.Contain("\"fan_out\""));
        });
    }

    [Test]
    public void Defaults_Are_Left_Out_And_A_Default_Written_Out_Reads_As_The_Same_Architecture()
    {
        const string Explicit = """
            { "version": 1, "kind": "sequential", "layers": [
              { "kind": "flatten", "start_dim": 1, "end_dim": -1, "name": "0" },
              { "kind": "dropout", "p": 0.5 },
              { "kind": "linear", "in_features": 784, "out_features": 10, "bias": true },
            ] }  // comments and trailing commas are allowed in a hand-written file
            """;

        var read = ArchitectureJson.Read(Explicit, Mnist, 10, "explicit.json");

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(Sequential(Flatten(), Dropout(), Linear(784, 10))));
            Assert.That(ArchitectureJson.Canonical(read),
                Is.EqualTo("""{"version":1,"kind":"sequential","layers":[{"kind":"flatten"},{"kind":"dropout"},{"kind":"linear","in_features":784,"out_features":10}]}"""));
        });
    }

    [Test]
    public void The_Indented_Form_Puts_One_Layer_On_A_Line()
    {
        var lines = ArchitectureJson.Write(LeNet).Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(lines[..4], Is.EqualTo(new[] { "{", "  \"version\": 1,", "  \"kind\": \"sequential\",", "  \"layers\": [" }));
            Assert.That(lines[4], Is.EqualTo("""    { "kind": "conv2d", "in_channels": 1, "out_channels": 6, "kernel_size": 5, "padding": 2 },"""));
            Assert.That(lines.Count(line => line.TrimStart().StartsWith("{ \"kind\"", StringComparison.Ordinal)), Is.EqualTo(LeNet.Layers.Length));
        });
    }

    [Test]
    public void An_Architecture_Inside_A_Larger_Document_Is_Read_With_Paths_From_Its_Top()
    {
        var document = new JsonObject { ["seed"] = 1, ["architecture"] = ArchitectureJson.ToJson(Perceptron) };
        ((JsonObject)document["architecture"]!["layers"]![1]!)["out_features"] = 511;

        var error = Assert.Throws<Mnist.Functional.Json.DescriptionException>(() => ArchitectureJson.FromJson(document["architecture"]!, Mnist, 10, "run.json", path: "architecture"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Field, Is.EqualTo("architecture.layers[4]"));
            Assert.That(error.Message, Does.StartWith("run.json: the layer at 'architecture.layers[4]' is Linear(512, 256) ('4' in the model), which expects input of shape [*, 512] but gets [2, 511]"));
            Assert.That(ArchitectureJson.FromJson(ArchitectureJson.ToJson(Perceptron), Mnist, 10, "run.json", path: "architecture"), Is.EqualTo(Perceptron));
        });
    }

    [Test]
    public void Saving_A_Model_With_A_Csharp_Function_Names_Its_Path()
    {
        var model = Sequential(("features", Sequential(Conv2d(1, 2, 3), Relu)), ("block", Residual(Sequential(Relu, (Layer)(x => x.abs())))), ("head", Linear(1352, 10)));

        var error = Assert.Throws<UndescribableLayerException>(() => ArchitectureJson.Write(model));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Path, Is.EqualTo("block.fn.1"));
            Assert.That(error.Message, Does.StartWith("Layer block.fn.1 (function) has no JSON form: it is a C# function"));
        });
    }
}
