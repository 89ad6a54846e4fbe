using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Onnx.Tests;

/// <summary>
/// Every layer kind the architecture's JSON form knows, enumerated from its registry, exports to ONNX and gives in ONNX
/// Runtime what it gives in the library: a kind added without an ONNX form fails here, not in a user's export.
/// </summary>
public sealed class OnnxLayerKindsTests
{
    [TestCaseSource(typeof(LayerKindExamples), nameof(LayerKindExamples.Kinds))]
    public void Every_Kind_Exports_And_Onnx_Runtime_Agrees(LayerKind kind)
    {
        using var scope = NewDisposeScope();
        var (network, sample) = LayerKindExamples.Classifier(kind);
        var stats = new PixelStats(0.2, 0.3);
        var variables = Statistics.Randomised(network.Init(new Generator(1)), seed: 2);
        var pixels = randint(0, 256, [3, .. sample], generator: new Generator(3));

        var runtime = OnnxRuntimeRunner.Run(OnnxExport.ToModel(network, variables, new OnnxInput(stats, sample[0], sample[1], sample[2])), pixels);

        using var noGrad = no_grad();
        var scores = network.Apply(variables.Params, variables.State, Preprocess.Standardize(stats)(pixels), Mode.Eval).Output.contiguous().data<float>().ToArray();
        Assert.That(OnnxRuntimeRunner.MaxAbsDifference(runtime.Scores, scores), Is.LessThanOrEqualTo(1e-5));
    }
}
