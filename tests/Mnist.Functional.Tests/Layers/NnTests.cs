using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

public sealed class NnTests
{
    private static IEnumerable<TestCaseData> Activations()
    {
        yield return new TestCaseData(Relu, (Func<nn.Module<Tensor, Tensor>>)(() => nn.ReLU())).SetArgDisplayNames("ReLU");
        yield return new TestCaseData(Gelu, (Func<nn.Module<Tensor, Tensor>>)(() => nn.GELU())).SetArgDisplayNames("GELU");
        yield return new TestCaseData(Silu, (Func<nn.Module<Tensor, Tensor>>)(() => nn.SiLU())).SetArgDisplayNames("SiLU");
        yield return new TestCaseData(Tanh, (Func<nn.Module<Tensor, Tensor>>)(() => nn.Tanh())).SetArgDisplayNames("Tanh");
        yield return new TestCaseData(Sigmoid, (Func<nn.Module<Tensor, Tensor>>)(() => nn.Sigmoid())).SetArgDisplayNames("Sigmoid");
        yield return new TestCaseData((Layer)LeakyRelu(0.2), (Func<nn.Module<Tensor, Tensor>>)(() => nn.LeakyReLU(0.2))).SetArgDisplayNames("LeakyReLU");
        yield return new TestCaseData((Layer)Softmax(1), (Func<nn.Module<Tensor, Tensor>>)(() => nn.Softmax(1))).SetArgDisplayNames("Softmax");
        yield return new TestCaseData((Layer)LogSoftmax(1), (Func<nn.Module<Tensor, Tensor>>)(() => nn.LogSoftmax(1))).SetArgDisplayNames("LogSoftmax");
    }

    [TestCaseSource(nameof(Activations))]
    public void Activation_Output_And_Input_Gradient_Equal_TorchSharps_Module(Layer activation, Func<nn.Module<Tensor, Tensor>> module)
    {
        using var scope = NewDisposeScope();

        TorchReference.AssertSameAsModule(activation, module(), randn(4, 6, generator: new Generator(1)) * 2, Mode.Eval);
    }

    [TestCaseSource(nameof(Activations))]
    public void Activation_Gradients_Pass_A_Finite_Difference_Check(Layer activation, Func<nn.Module<Tensor, Tensor>> module)
    {
        using var scope = NewDisposeScope();

        Assert.That(FiniteDifferences.MaxRelativeError(activation, randn(3, 5, generator: new Generator(2))), Is.LessThan(1e-6));
    }

    [Test]
    public void Activations_Take_A_Position_In_A_Chain_Like_In_Sequential()
    {
        using var scope = NewDisposeScope();

        var model = Conv2d(1, 32, 3).Then(Relu).Then(MaxPool2d(2)).Then(Flatten()).Then(Linear(5408, 10));

        Assert.Multiple(() =>
        {
            Assert.That(model.Init(new Generator(0)).Params.Paths, Is.EqualTo(new[] { "0.weight", "0.bias", "4.weight", "4.bias" }));
            Assert.That(model.Layers.Select(child => child.Layer.Describe()),
                Is.EqualTo(new[] { "Conv2d(1, 32, 3)", "ReLU", "MaxPool2d(2)", "Flatten()", "Linear(5408, 10)" }));
        });
    }

    [Test]
    public void Models_Built_Twice_From_The_Same_Settings_Are_Equal()
    {
        static Chain Build(double slope) => Conv2d(1, 4, 3, padding: Padding2d.Same).Then(LeakyRelu(slope)).Then(Residual(BatchNorm2d(4))).Then(LogSoftmax());

        var model = Build(0.1);

        Assert.Multiple(() =>
        {
            Assert.That(model, Is.EqualTo(Build(0.1)));
            Assert.That(model.GetHashCode(), Is.EqualTo(Build(0.1).GetHashCode()));
            Assert.That(model, Is.Not.EqualTo(Build(0.2)));
        });
    }

    [Test]
    public void A_Composed_Model_Inits_Bit_Identically_For_A_Seed_And_Differently_Across_Seeds()
    {
        using var scope = NewDisposeScope();
        var model = Conv2d(1, 4, 3).Then(BatchNorm2d(4)).Then(Relu).Then(Flatten()).Then(Linear(4 * 26 * 26, 10));

        var a = model.Init(new Generator(1));
        var b = model.Init(new Generator(1));
        var c = model.Init(new Generator(2));

        TensorAssert.BitIdentical(a.Params, b.Params);
        TensorAssert.BitIdentical(a.State, b.State);
        Assert.That(new[] { "0.weight", "0.bias", "4.weight", "4.bias" }.Select(path => TensorAssert.MaxDifference(a.Params[path], c.Params[path])),
            Is.All.GreaterThan(0), "every randomly drawn tensor differs across seeds");
    }

    [Test]
    public void Parameterless_Layers_Have_No_Parameters_Or_State()
    {
        using var scope = NewDisposeScope();

        Layer[] layers = [Relu, Gelu, Silu, Tanh, Sigmoid, LeakyRelu(), Softmax(), LogSoftmax(), MaxPool2d(2), AvgPool2d(2), AdaptiveAvgPool2d(1), Flatten(), Dropout()];

        Assert.That(layers.Select(layer => layer.Init(new Generator(0))), Is.All.EqualTo(new Variables(Params.Empty, Params.Empty)));
    }
}
