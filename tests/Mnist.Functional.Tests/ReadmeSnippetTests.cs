using System.Text.RegularExpressions;
using Mnist.Functional.Autodiff;
using Mnist.Functional.Layers;
using Mnist.Functional.Losses;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;
using static TorchSharp.torch;

namespace Mnist.Functional.Tests;

/// <summary>The code of docs/training-in-code.md runs as written: the snippet below is the guide's, line for line.</summary>
public sealed partial class ReadmeSnippetTests
{
    private static void DifferentiationAndOptimizers()
    {
        // README: Differentiation and optimizers
        var model = Sequential(
            Conv2d(1, 8, 3, padding: 1), Relu, MaxPool2d(2),
            Conv2d(8, 16, 3, padding: 1), Relu, MaxPool2d(2),
            Flatten(), Linear(16 * 7 * 7, 10));
        Console.WriteLine(model.Summarize(1, 1, 28, 28));

        var images = randn(32, 1, 28, 28, generator: new Generator(1));
        var labels = randint(0, 10, [32], generator: new Generator(2));
        var lossAndGrad = Diff.ValueAndGrad((Params p) => Loss.CrossEntropy(model.Apply(p, images, Mode.Eval), labels));

        var optimizer = new Adam(LearningRate: 3e-3);
        var parameters = model.Init(new Generator(0)).Params;
        var state = optimizer.Init(parameters);
        for (var step = 1; step <= 40; step++)
        {
            using var scope = NewDisposeScope(); // this step's tensors die here...
            var (loss, grads) = lossAndGrad(parameters);
            (parameters, state) = optimizer.Update(grads, state, parameters);
            parameters.MoveToOuterDisposeScope(); // ...except the new parameters and state
            state.MoveToOuterDisposeScope();
            if (step % 10 == 0) Console.WriteLine($"step {step}: loss {loss.item<float>():F3}");
        }
        // README: end
    }

    [Test]
    public void The_Differentiation_Snippet_Is_The_Readmes_Word_For_Word()
    {
        var readmeCode = ReadmeCode.Blocks("docs/training-in-code.md", "## Differentiation and optimizers")[0];
        var testCode = ReadmeCode.Region("tests/Mnist.Functional.Tests/ReadmeSnippetTests.cs", "// README: Differentiation and optimizers", "// README: end");

        Assert.That(ReadmeCode.Lines(testCode), Is.EqualTo(ReadmeCode.Lines(readmeCode)));
    }

    [Test]
    public void The_Differentiation_Snippet_Prints_A_Falling_Loss()
    {
        using var outer = NewDisposeScope();
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            DifferentiationAndOptimizers();
        }
        finally
        {
            Console.SetOut(console);
        }
        TestContext.Out.Write(output.ToString());

        var losses = LossLine().Matches(output.ToString()).Select(match => double.Parse(match.Groups["loss"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(losses, Has.Length.EqualTo(4), output.ToString());
            Assert.That(output.ToString(), Does.Contain("Total                               [1, 10]           9,098  290,080"));
            Assert.That(losses, Is.Ordered.Descending, output.ToString());
            Assert.That(losses[^1], Is.LessThan(0.1), output.ToString());
        });
    }

    [GeneratedRegex(@"step \d+: loss (?<loss>[0-9.]+)")]
    private static partial Regex LossLine();
}
