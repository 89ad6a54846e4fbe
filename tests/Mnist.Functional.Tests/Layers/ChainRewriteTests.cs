using Mnist.Functional.Autodiff;
using Mnist.Functional.Layers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

/// <summary>
/// A chain runs a ReLU before a max-pool after it, and a ReLU after a convolution or linear layer in place:
/// the values and gradients must be those of the chain as written, to the bit.
/// </summary>
public sealed class ChainRewriteTests
{
    // The same function as Nn.Relu, but another value, so the chain does not recognise it and runs the layers as written.
    private static readonly Layer PlainRelu = new Lambda("ReLU", x => nn.functional.relu(x));

    private static IEnumerable<TestCaseData> Networks()
    {
        yield return new TestCaseData((Func<Layer, Chain>)(relu => Sequential(
            ("conv1", Conv2d(1, 8, 3)), ("relu1", relu), ("conv2", Conv2d(8, 8, 3)), ("relu2", relu), ("pool", MaxPool2d(2)),
            ("dropout", Dropout(0.25)), ("flatten", Flatten()), ("fc1", Linear(8 * 12 * 12, 16)), ("relu3", relu), ("fc2", Linear(16, 10)))))
            .SetName("pytorch-cnn shape: conv, relu, conv, relu, pool, linear, relu");
        yield return new TestCaseData((Func<Layer, Chain>)(relu => Sequential(
            Conv2d(1, 4, 5, bias: false), BatchNorm2d(4), relu, MaxPool2d(2),
            Flatten(), Linear(4 * 12 * 12, 8, bias: false), BatchNorm1d(8), relu, Linear(8, 10))))
            .SetName("fast shape: conv, batch norm, relu, pool, linear, batch norm, relu");
        yield return new TestCaseData((Func<Layer, Chain>)(relu => Sequential(relu, new MaxPool2d(3) { Stride = 2, Padding = 1, CeilMode = true }, Flatten(), Linear(4 * 15 * 15, 10), relu)))
            .SetName("relu first, padded ceil-mode pool, relu last");
        // Averaging does not commute with a ReLU: relu(mean(x)) is not mean(relu(x)), so these run as written.
        yield return new TestCaseData((Func<Layer, Chain>)(relu => Sequential(Conv2d(1, 4, 3), relu, AvgPool2d(2), Flatten(), Linear(4 * 13 * 13, 10))))
            .SetName("conv, relu, average pool: no rewrite");
        yield return new TestCaseData((Func<Layer, Chain>)(relu => Sequential(Conv2d(1, 4, 3), relu, AdaptiveAvgPool2d(2), Flatten(), Linear(4 * 2 * 2, 10))))
            .SetName("conv, relu, adaptive average pool: no rewrite");
    }

    [Test]
    public void A_Relu_Before_An_Average_Pool_Averages_The_Rectified_Values()
    {
        using var scope = NewDisposeScope();
        var input = tensor(new float[] { -1, 3, 2, -4 }, [1, 1, 2, 2]);

        var output = Sequential(Relu, AvgPool2d(2)).Apply(Params.Empty, input, Mode.Eval);

        // mean(relu(x)) = (0 + 3 + 2 + 0) / 4; relu(mean(x)) would be relu(0) = 0.
        Assert.That(output.item<float>(), Is.EqualTo(1.25f));
    }

    [TestCaseSource(nameof(Networks))]
    public void Values_Gradients_And_State_Equal_The_Chain_As_Written(Func<Layer, Chain> network)
    {
        using var scope = NewDisposeScope();
        var (rewritten, asWritten) = (network(Relu), network(PlainRelu));
        var variables = rewritten.Init(new Generator(3));
        var channels = rewritten.Layers[0].Layer is Conv2d ? 1 : 4;
        var input = randn([6, channels, 28, 28], generator: new Generator(5));
        input[0, 0, 3, 3] = 0;   // exact zeros and ties: where max-pool and ReLU could route a gradient differently
        input[1, 0, 4, 4] = input[1, 0, 4, 5];

        foreach (var (name, mode) in new[] { ("train", (Func<Mode>)(() => Mode.Train(new Generator(7)))), ("eval", () => Mode.Eval) })
        {
            (Tensor Value, Params Grads, LayerOutput Output) Run(Layer model)
            {
                var result = Diff.ValueAndGradWithAux(parameters =>
                {
                    var output = model.Apply(parameters, variables.State, input, mode());
                    return (output.Output.square().sum(), output);
                })(variables.Params);
                return (result.Value, result.Grads, result.Aux);
            }

            var (mine, reference) = (Run(rewritten), Run(asWritten));
            Assert.Multiple(() =>
            {
                TensorAssert.BitIdentical(mine.Output.Output, reference.Output.Output, $"{name}: output");
                TensorAssert.BitIdentical(mine.Value, reference.Value, $"{name}: value");
                Assert.That(mine.Output.State.Paths, Is.EqualTo(reference.Output.State.Paths), $"{name}: state paths");
                TensorAssert.BitIdentical(mine.Output.State, reference.Output.State);
                TensorAssert.BitIdentical(mine.Grads, reference.Grads);
            });
        }
    }

    [Test]
    public void A_Relu_After_A_Layer_That_Hands_Its_Input_Back_Leaves_The_Callers_Tensor_Alone()
    {
        using var scope = NewDisposeScope();
        var model = Sequential(Dropout(0.5), Relu, Flatten(), Relu);
        var input = randn([2, 1, 4, 4], generator: new Generator(1));
        var before = input.clone();

        var output = model.Apply(Params.Empty, input, Mode.Eval);

        Assert.Multiple(() =>
        {
            TensorAssert.BitIdentical(input, before, "the input");
            TensorAssert.BitIdentical(output, nn.functional.relu(before).flatten(1), "the output");
        });
    }

    [Test]
    public void A_Summary_Still_Sees_Every_Layer_In_Order()
    {
        var summary = Sequential(Conv2d(1, 4, 3), Relu, MaxPool2d(2), Flatten(), Linear(4 * 13 * 13, 10), Relu).Summarize(1, 1, 28, 28);

        Assert.That(summary.Rows.Select(row => row.Layer), Is.EqualTo(new[] { "Conv2d(1, 4, 3)", "ReLU", "MaxPool2d(2)", "Flatten()", "Linear(676, 10)", "ReLU" }));
    }
}
