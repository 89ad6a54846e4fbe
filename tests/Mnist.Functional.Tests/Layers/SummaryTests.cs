using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.Functional.Tests.Layers;

public sealed class SummaryTests
{
    // PyTorch's examples/mnist network.
    private static Chain ExampleCnn() =>
        Conv2d(1, 32, 3).Then(Relu).Then(Conv2d(32, 64, 3)).Then(Relu).Then(MaxPool2d(2)).Then(Dropout(0.25))
            .Then(Flatten()).Then(Linear(9216, 128)).Then(Relu).Then(Dropout(0.5)).Then(Linear(128, 10)).Then(LogSoftmax(1));

    [Test]
    public void The_Example_Cnn_Has_Its_Shapes_Parameters_And_Multiply_Adds_Per_Layer()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();

        var summary = ExampleCnn().Summarize(1, 1, 28, 28);

        const long conv1 = 32 * 26 * 26 * (1 * 3 * 3);
        const long conv2 = 64 * 24 * 24 * (32 * 3 * 3);
        const long fc1 = 9216 * 128;
        const long fc2 = 128 * 10;
        Assert.Multiple(() =>
        {
            Assert.That(summary.Rows.Select(row => row.Path), Is.EqualTo(Enumerable.Range(0, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.That(summary.Rows.Select(row => row.OutputShape), Is.EqualTo(new long[][]
            {
                [1, 32, 26, 26], [1, 32, 26, 26], [1, 64, 24, 24], [1, 64, 24, 24], [1, 64, 12, 12], [1, 64, 12, 12],
                [1, 9216], [1, 128], [1, 128], [1, 128], [1, 10], [1, 10],
            }));
            Assert.That(summary.Rows.Select(row => row.Parameters), Is.EqualTo(new long[] { 320, 0, 18_496, 0, 0, 0, 0, 1_179_776, 0, 0, 1_290, 0 }));
            Assert.That(summary.Rows.Select(row => row.MultiplyAdds), Is.EqualTo(new long[] { conv1, 0, conv2, 0, 0, 0, 0, fc1, 0, 0, fc2, 0 }));
            Assert.That(summary.TotalParameters, Is.EqualTo(1_199_882));
            Assert.That(summary.TotalMultiplyAdds, Is.EqualTo(conv1 + conv2 + fc1 + fc2));
            Assert.That(summary.TotalFlops, Is.EqualTo(2 * (conv1 + conv2 + fc1 + fc2)));
        });
    }

    [Test]
    public void Multiply_Adds_Are_Per_Sample_Whatever_The_Batch()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();

        Assert.That(ExampleCnn().Summarize(16, 1, 28, 28).TotalMultiplyAdds, Is.EqualTo(ExampleCnn().Summarize(1, 1, 28, 28).TotalMultiplyAdds));
    }

    [Test]
    public void Nested_Layers_Get_Rows_Under_Their_Parents_And_Are_Counted_Once_In_The_Totals()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();

        var model = Sequential(("stem", Conv2d(1, 4, 3, padding: 1)), ("block", Residual(Conv2d(4, 4, 3, padding: 1).Then(Relu))));

        var summary = model.Summarize(1, 1, 8, 8);

        const long conv = 4 * 8 * 8 * (4 * 3 * 3);
        Assert.Multiple(() =>
        {
            Assert.That(summary.Rows.Select(row => (row.Path, row.Depth, row.IsComposite)),
                Is.EqualTo(new[] { ("stem", 0, false), ("block", 0, true), ("block.fn", 1, true), ("block.fn.0", 2, false), ("block.fn.1", 2, false) }));
            Assert.That(summary.Rows.Select(row => row.MultiplyAdds), Is.EqualTo(new long[] { 4 * 8 * 8 * 9, conv, conv, conv, 0 }));
            Assert.That(summary.TotalMultiplyAdds, Is.EqualTo(4 * 8 * 8 * 9 + conv));
            Assert.That(summary.TotalParameters, Is.EqualTo(40 + 148));
        });
    }

    [Test]
    public void The_Table_Aligns_Columns_And_Ends_With_Totals()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();

        var lines = Sequential(("fc", Linear(784, 10)), ("act", Relu)).Summarize(1, 784).ToString().Split(Environment.NewLine);

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("Path"));
            Assert.That(lines[2], Does.StartWith("fc ").And.Contain("Linear(784, 10)").And.EndWith("7,850  7,840"));
            Assert.That(lines[3], Does.StartWith("act ").And.EndWith("0      0"));
            Assert.That(lines[5], Does.StartWith("Total").And.Contain("[1, 10]").And.EndWith("7,850  7,840"));
            Assert.That(lines[6], Is.EqualTo("Input [1, 784]; MACs are per sample, FLOPs ≈ 2 × MACs = 15,680."));
            Assert.That(lines.Take(6).Select(line => line.Length).Distinct().Count(), Is.LessThanOrEqualTo(2), "rows and rules share one width");
        });
    }

    [Test]
    public void A_Single_Layer_Is_Its_Own_Row()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();

        var summary = Linear(4, 2).Summarize(3, 4);

        Assert.That(summary.Rows.Select(row => (row.Path, row.Parameters, row.MultiplyAdds)), Is.EqualTo(new[] { ("Linear", 10L, 8L) }));
    }

    [Test]
    public void The_Readme_Model_Prints_The_Table_The_Readme_Shows()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var model = Sequential(
            ("conv1", Conv2d(1, 16, 3, padding: Padding2d.Same)), ("bn1", BatchNorm2d(16)), ("relu1", Relu), ("pool1", MaxPool2d(2)),
            ("block", Residual(Conv2d(16, 16, 3, padding: 1).Then(Relu))),
            ("pool2", AdaptiveAvgPool2d(1)), ("flatten", Flatten()), ("drop", Dropout(0.2)), ("fc", Linear(16, 10)));
        var (parameters, state) = model.Init(new TorchSharp.torch.Generator(0));
        var images = TorchSharp.torch.randn(64, 1, 28, 28);

        var (logits, newState) = model.Apply(parameters, state, images, Mode.Train(new TorchSharp.torch.Generator(1)));

        Assert.Multiple(() =>
        {
            Assert.That(logits.shape, Is.EqualTo(new long[] { 64, 10 }));
            Assert.That(newState.Paths, Is.EqualTo(new[] { "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked" }));
            Assert.That(ReadmeCode.Fenced("docs/training-in-code.md", "## Layers and models", 1), Is.EqualTo(model.Summarize(1, 1, 28, 28).ToString().ReplaceLineEndings("\n")));
        });
    }

    [Test]
    public void Shapes_Come_From_The_Layers_Settings_And_The_Model_Runs_Only_Where_A_Layer_Cannot_Tell_Them()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var (told, untold) = (new Counting(KnowsShape: true), new Counting(KnowsShape: false));
        Chain Model(Counting middle) =>
            Sequential(("stem", Conv2d(1, 4, 3)), ("middle", middle), ("block", Residual(Conv2d(4, 4, 3, padding: 1).Then(Relu))), ("flat", Flatten()), ("head", Linear(4 * 26 * 26, 10)));

        var fromSettings = Model(told).Summarize(2, 1, 28, 28);
        var fromRunning = Model(untold).Summarize(2, 1, 28, 28);

        Assert.Multiple(() =>
        {
            Assert.That(told.Runs, Is.Zero, "every layer tells its shape: nothing runs");
            Assert.That(untold.Runs, Is.EqualTo(1), "a layer that cannot tell its shape: the model runs once");
            Assert.That(fromSettings.ToString(), Is.EqualTo(fromRunning.ToString()), "the same rows either way");
            Assert.That(fromSettings.Rows.Select(row => row.Path), Is.EqualTo(new[] { "stem", "middle", "block", "block.fn", "block.fn.0", "block.fn.1", "flat", "head" }));
            Assert.That(fromSettings.OutputShape, Is.EqualTo(new long[] { 2, 10 }));
            Assert.That(fromSettings.TotalParameters, Is.EqualTo(40 + 148 + (4 * 26 * 26 * 10) + 10));
        });
    }

    // A layer that passes its input through and counts how often it runs; it can tell its output shape from its settings, or not.
    private sealed record Counting(bool KnowsShape) : Layer
    {
        public int Runs { get; private set; }

        public override Variables Init(TorchSharp.torch.Generator generator) => Variables.None;

        public override LayerOutput Apply(Mnist.Functional.Parameters.Params parameters, Mnist.Functional.Parameters.Params state, TorchSharp.torch.Tensor input, Mode mode)
        {
            Runs++;
            return new(input, state);
        }

        public override long[]? OutputShape(long[] inputShape) => KnowsShape ? [.. inputShape] : null;

        public override string Describe() => "Counting()";
    }

    [Test]
    public void A_Shape_The_Model_Cannot_Take_Names_The_Layer()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();

        Assert.That(() => ExampleCnn().Summarize(1, 1, 32, 32),
            Throws.TypeOf<ShapeMismatchException>().With.Message.EqualTo("Layer 7 (Linear(9216, 128)) expects input of shape [*, 9216] but got [1, 12544]."));
    }
}
