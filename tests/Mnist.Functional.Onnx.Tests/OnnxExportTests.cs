using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Onnx.Tests;

/// <summary>Exports run in ONNX Runtime and give what the library gives.</summary>
public sealed class OnnxExportTests
{
    private static IEnumerable<string> ZooNames => Zoo.All.Select(model => model.Name);

    private static readonly PixelStats MnistLike = new(0.1307, 0.3081);

    [Test]
    public void A_Model_With_Every_Exportable_Layer_Gives_The_Librarys_Scores_In_Onnx_Runtime()
    {
        using var scope = NewDisposeScope();
        var model = Sequential(
            Conv2d(1, 8, 3, stride: 2, padding: 1), BatchNorm2d(8), LeakyRelu(0.1),
            Conv2d(8, 8, (4, 3), padding: Padding2d.Same, groups: 2), Gelu,
            Residual(Sequential(Conv2d(8, 8, 3, padding: Padding2d.Same, dilation: 2), new BatchNorm2d(8) { Affine = false }, Silu)),
            new MaxPool2d(3) { Stride = 2, Padding = 1, CeilMode = true }, Tanh,
            new AvgPool2d(2) { Padding = 1, CountIncludePad = false }, Sigmoid,
            new AvgPool2d(3) { Stride = 2, CeilMode = true }, Relu,
            AdaptiveAvgPool2d(1), Flatten(2), Linear(1, 3), Flatten(), Dropout(0.3),
            Linear(24, 16), BatchNorm1d(16), Relu, Linear(16, 10), LogSoftmax());
        var variables = Statistics.Randomised(model.Init(new Generator(3)), seed: 4);
        var pixels = randint(0, 256, [5, 1, 28, 28], generator: new Generator(5));

        var ours = LibraryOutputs(model, variables, pixels);
        var runtime = OnnxRuntimeRunner.Run(OnnxExport.ToModel(model, variables, new OnnxInput(MnistLike)), pixels);

        Assert.Multiple(() =>
        {
            Assert.That(OnnxRuntimeRunner.MaxAbsDifference(runtime.Scores, ours.Scores), Is.LessThanOrEqualTo(1e-5), "scores");
            Assert.That(OnnxRuntimeRunner.MaxAbsDifference(runtime.Probabilities, ours.Probabilities), Is.LessThanOrEqualTo(1e-5), "probabilities");
        });
    }

    [Test]
    public void Adaptive_Pooling_To_A_Size_That_Divides_The_Input_And_Flattening_From_The_Batch_Export()
    {
        using var scope = NewDisposeScope();
        var model = Sequential(Conv2d(1, 4, 5), AdaptiveAvgPool2d((4, 6)), Flatten(0, 1), Flatten(1), Linear(4 * 4 * 6 / 4, 10));
        var variables = model.Init(new Generator(1));
        var pixels = randint(0, 256, [1, 1, 28, 28], generator: new Generator(2));

        var runtime = OnnxRuntimeRunner.Run(OnnxExport.ToModel(model, variables, new OnnxInput(MnistLike)), pixels);

        Assert.That(OnnxRuntimeRunner.MaxAbsDifference(runtime.Scores, LibraryOutputs(model, variables, pixels).Scores), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void A_Linear_Layer_On_More_Than_Two_Dimensions_Exports_As_A_Matrix_Product()
    {
        using var scope = NewDisposeScope();
        var model = Sequential(Flatten(2), Linear(784, 10), Flatten(), Softmax());
        var variables = model.Init(new Generator(1));
        var pixels = randint(0, 256, [3, 1, 28, 28], generator: new Generator(2));

        var exported = OnnxExport.ToModel(model, variables, new OnnxInput(MnistLike));
        var runtime = OnnxRuntimeRunner.Run(exported, pixels);

        Assert.Multiple(() =>
        {
            Assert.That(exported.Graph.Node.Select(node => node.OpType), Does.Contain("MatMul"));
            Assert.That(OnnxRuntimeRunner.MaxAbsDifference(runtime.Scores, LibraryOutputs(model, variables, pixels).Scores), Is.LessThanOrEqualTo(1e-5));
        });
    }

    [TestCaseSource(nameof(ZooNames))]
    public void Each_Zoo_Model_Exports_Under_Its_State_Dict_Names_With_Pixels_In_And_Probabilities_Out(string name)
    {
        var zooModel = Zoo.Find(name);
        using var scope = NewDisposeScope();
        var variables = zooModel.Network.Init(new Generator(1));

        var exported = OnnxExport.ToModel(zooModel.Network, variables, new OnnxInput(MnistLike));

        var graph = exported.Graph;
        Assert.Multiple(() =>
        {
            Assert.That(exported.OpsetImport.Single().Version, Is.EqualTo(OnnxExport.Opset));
            Assert.That(graph.Input.Select(input => input.Name), Is.EqualTo(new[] { "pixels" }));
            Assert.That(graph.Output.Select(output => output.Name), Is.EqualTo(new[] { "scores", "probabilities" }));
            Assert.That(graph.Input[0].Type.TensorType.Shape.Dim.Select(dim => dim.DimParam.Length > 0 ? dim.DimParam : $"{dim.DimValue}"), Is.EqualTo(new[] { "batch", "1", "28", "28" }));
            Assert.That(graph.Initializer.Select(tensor => tensor.Name), Is.SupersetOf(variables.Params.Paths));
            Assert.That(exported.MetadataProps.Select(entry => entry.Key), Is.SupersetOf(new[] { "pixel_mean", "pixel_std", "input" }));
        });
    }

    [Test]
    public void A_Plain_Function_In_The_Model_Is_Named_In_The_Error()
    {
        using var scope = NewDisposeScope();
        var model = Sequential(("features", Sequential(Conv2d(1, 2, 3), Relu)), ("squash", Sequential(Flatten(), (Layer)(x => x.abs()))), ("head", Linear(1352, 10)));

        var error = Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(model, model.Init(new Generator(1)), new OnnxInput(MnistLike)));

        Assert.That(error!.Message, Does.StartWith("Layer squash.1 (function) cannot be exported to ONNX: it is a plain C# function"));
    }

    [Test]
    public void Adaptive_Pooling_Whose_Windows_Differ_In_Size_Is_Refused_With_The_Sizes()
    {
        using var scope = NewDisposeScope();
        var model = Sequential(AdaptiveAvgPool2d(5), Flatten(), Linear(25, 10));

        var error = Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(model, model.Init(new Generator(1)), new OnnxInput(MnistLike)));

        Assert.That(error!.Message, Does.Contain("Layer 0 (AdaptiveAvgPool2d(5))").And.Contain("28×28, which 5×5 does not divide"));
    }

    [Test]
    public void A_Saved_Export_Reads_Back_Equal()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var model = Zoo.LeNet5.Network;
        var exported = OnnxExport.ToModel(model, model.Init(new Generator(1)), new OnnxInput(MnistLike), new Dictionary<string, string> { ["model"] = "lenet5" });

        OnnxExport.Save(folder.File("lenet5.onnx"), exported);

        Assert.That(OnnxExport.Load(folder.File("lenet5.onnx")), Is.EqualTo(exported));
    }

    [Test]
    public void A_File_That_Is_Not_Onnx_Is_Refused_With_Its_Name()
    {
        using var folder = new TempFolder();
        var path = folder.Write("notes.onnx", "not a model"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => OnnxExport.Load(path));

        Assert.That(error!.Message, Does.StartWith($"{path} is not an ONNX model"));
    }
    /// <summary>The library's scores and probabilities for raw pixels <c>[N, 1, 28, 28]</c>, standardised as the export does.</summary>
    internal static OnnxRuntimeRunner.Outputs LibraryOutputs(Layer model, Variables variables, Tensor pixels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = Preprocess.Standardize(MnistLike)(pixels);
        var scores = model.Apply(variables.Params, variables.State, input, Mode.Eval).Output;
        return new(scores.contiguous().data<float>().ToArray(), nn.functional.softmax(scores, 1).contiguous().data<float>().ToArray());
    }
}
