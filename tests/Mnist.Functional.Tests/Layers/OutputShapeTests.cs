using Mnist.Functional.Layers;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests.Layers;

/// <summary>
/// <see cref="Layer.OutputShape"/> works shapes out without running a layer; these cases, near every edge the layers have,
/// check that it gives the shape the layer really gives, and refuses exactly what the layer refuses.
/// </summary>
public sealed class OutputShapeTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        Layer[] layers =
        [
            Conv2d(3, 4, 3), Conv2d(3, 4, (5, 2), stride: (2, 3), padding: (2, 1), dilation: (1, 2)), Conv2d(3, 6, 4, padding: Padding2d.Same, dilation: 2, groups: 3),
            Conv2d(3, 4, 1, bias: false), Linear(5, 2), BatchNorm1d(3), BatchNorm2d(3),
            MaxPool2d(2), MaxPool2d(3, stride: 2, padding: 1), new MaxPool2d(3) { Stride = 2, CeilMode = true }, new MaxPool2d(2) { Dilation = 2, Padding = 1 },
            new MaxPool2d((2, 3)) { Stride = (1, 2), CeilMode = true, Padding = (1, 1) },
            AvgPool2d(2), new AvgPool2d(3) { Stride = 2, CeilMode = true, Padding = 1 }, new AvgPool2d(2) { CountIncludePad = false, Padding = 1 },
            AdaptiveAvgPool2d(1), AdaptiveAvgPool2d((3, 2)), Flatten(), Flatten(0, 1), Flatten(2), Flatten(-2, -1),
            Dropout(0.3), Relu, Gelu, LeakyRelu(0.2), Softmax(), LogSoftmax(-1), Softmax(3),
            Residual(Conv2d(3, 3, 3, padding: 1)), Residual(Conv2d(3, 3, 3)), Sequential(Conv2d(3, 2, 3), Relu, MaxPool2d(2), Flatten()),
        ];
        long[][] shapes = [[2, 3, 7, 7], [2, 3, 5, 4], [1, 3, 2, 2], [2, 3, 1, 1], [3, 7, 7], [2, 3], [2, 5], [2, 3, 6], [4]];
        return layers.SelectMany(layer => shapes.Select(shape => new TestCaseData(layer, shape).SetArgDisplayNames(layer.Describe(), $"[{string.Join(", ", shape)}]")));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_Worked_Out_Shape_Is_The_Real_One_And_Refusals_Agree(Layer layer, long[] shape)
    {
        using var scope = NewDisposeScope();
        var variables = layer.Init(new Generator(1));
        Exception? inferred = null, ran = null;
        long[]? expected = null, actual = null;

        try { expected = layer.OutputShape(shape); } catch (ArgumentException e) { inferred = e; }
        try { actual = layer.Apply(variables.Params, variables.State, randn(shape, generator: new Generator(2)), Mode.Eval).Output.shape; } catch (Exception e) { ran = e; }

        Assert.Multiple(() =>
        {
            Assert.That(inferred?.GetType(), Is.EqualTo(ran?.GetType()), $"worked out: {inferred?.Message ?? "accepted"}; ran: {ran?.Message ?? "accepted"}");
            Assert.That(expected, Is.EqualTo(actual));
        });
    }
}
