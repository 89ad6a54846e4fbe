using System.Text.Json.Nodes;
using Mnist.Functional.Explain;
using Mnist.Functional.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Explain;

/// <summary>
/// The attributions of a small convnet against an independent implementation in Debian's PyTorch 1.13
/// (<c>torch_attributions.py</c>), given the same weights and digits as files.
/// </summary>
[Category("PyTorch")]
public sealed class PyTorchReferenceTests
{
    /// <summary>Set to 1 (CI does) to make a missing Python or PyTorch a failure rather than a skip.</summary>
    public const string RequireVariable = "MNIST_REQUIRE_PYTORCH";

    private const string Python = "/usr/bin/python3";
    private const int Steps = 50;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private static IEnumerable<TestCaseData> Methods()
    {
        yield return new TestCaseData(new Saliency(), "saliency").SetArgDisplayNames("saliency");
        yield return new TestCaseData(new GradientTimesInput(), "gradient-x-input").SetArgDisplayNames("gradient-x-input");
        yield return new TestCaseData(new IntegratedGradients(Steps), "integrated-gradients-gauss-legendre").SetArgDisplayNames("integrated-gradients, Gauss-Legendre");
        yield return new TestCaseData(new IntegratedGradients(Steps, quadrature: Quadrature.Trapezoid), "integrated-gradients-trapezoid").SetArgDisplayNames("integrated-gradients, trapezoid");
        yield return new TestCaseData(new Occlusion(window: 4, stride: 2), "occlusion").SetArgDisplayNames("occlusion");
    }

    private TempFolder? folder;
    private ClassScore? score;
    private Tensor? inputs;
    private Tensor? targets;
    private DisposeScope? scope;

    [OneTimeSetUp]
    public void RunPyTorchOnTheSameWeightsAndDigits()
    {
        RequirePyTorch();
        scope = NewDisposeScope();
        score = ExplainModels.ScoreOf(ExplainModels.LeNetLike(), seed: 21);
        // A faint haze on the background, so that no max-pooling window holds a tie whose winner the two libraries might pick differently.
        inputs = (ExplainModels.Digits(4, seed: 22) + rand([4, 1, 28, 28], generator: new Generator(23)) * 0.05).clamp(0, 1);
        targets = tensor(new long[] { 0, 3, 7, 9 });
        folder = new TempFolder();

        var parameters = new JsonObject();
        foreach (var (path, tensor) in score.Variables.Params)
        {
            parameters[path] = new JsonArray([.. tensor.shape.Select(size => (JsonNode?)size)]);
            File.WriteAllBytes(folder.File(path + ".f32"), tensor.contiguous().bytes.ToArray());
        }
        File.WriteAllBytes(folder.File("inputs.f32"), inputs.contiguous().bytes.ToArray());
        File.WriteAllBytes(folder.File("targets.i64"), targets.bytes.ToArray());
        var manifest = new JsonObject
        {
            ["mean"] = ExplainModels.Mnist.Mean,
            ["std"] = ExplainModels.Mnist.Std,
            ["count"] = 4,
            ["parameters"] = parameters,
            ["steps"] = Steps,
            ["baseline"] = 0.0,
            ["window"] = 4,
            ["stride"] = 2,
            ["fill"] = 0.0,
        };
        File.WriteAllText(folder.File("manifest.json"), manifest.ToJsonString());
        var script = Path.Combine(Repository.Root(), "tests", "Mnist.Functional.Tests", "Explain", "torch_attributions.py");
        ExternalProgram.Run(Python, [script, folder.Path], folder.Path, Limit);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        folder?.Dispose();
        inputs?.Dispose();
        targets?.Dispose();
        scope?.Dispose();
    }

    [TestCaseSource(nameof(Methods))]
    public void The_Map_Equals_PyTorchs_On_The_Same_Weights(AttributionMethod method, string file)
    {
        var expected = PyTorchMap(file);

        var attribution = method.Attribute(score!, inputs!, targets!);

        // The library explains the model in its own float32, the reference in float64: integrated gradients adds up
        // 50 float32 gradients, so they agree to about 1e-5 of the map's largest value, where libtorch's wrong float32
        // convolution gradient was off by the largest value itself.
        var largest = expected.abs().max().item<double>();
        TensorAssert.Close(attribution.Map.to(float64), expected, 3e-5 * largest, method.Name);
    }

    [Test]
    public void The_Convergence_Delta_Equals_PyTorchs()
    {
        var attribution = new IntegratedGradients(Steps).Attribute(score!, inputs!, targets!);

        TensorAssert.Close(attribution.ConvergenceDelta!.to(float64), PyTorchValues("integrated-gradients-gauss-legendre-delta.f64", [4]), 1e-6, "delta");
    }

    private Tensor PyTorchMap(string name) => PyTorchValues(name + ".f64", [4, 1, 28, 28]);

    private Tensor PyTorchValues(string name, long[] shape) =>
        tensor(Doubles(File.ReadAllBytes(folder!.File(name)))).view(shape);

    private static double[] Doubles(byte[] bytes) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray();

    // Ignores the tests without Python or PyTorch, unless RequireVariable asks for them.
    private static void RequirePyTorch()
    {
        string? missing = null;
        try
        {
            ExternalProgram.Run(Python, ["-c", "import torch, numpy"], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or ExternalProgramException)
        {
            missing = $"{Python} with PyTorch and NumPy is not available ({e.Message.Split('\n')[0]}); install Debian's python3-torch.";
        }
        if (missing is null) return;
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"{missing} ({RequireVariable}=1 requires these tests.)");
        Assert.Ignore(missing);
    }
}
