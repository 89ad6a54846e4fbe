using System.Text.RegularExpressions;
using Mnist.Functional.Data;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Training;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.Functional.Tests.Training;

/// <summary>The README's <c>Fit</c> example runs as written: the code below is the README's, line for line.</summary>
[Category("RealData")]
public sealed partial class ReadmeFitSnippetTests
{
    private static async Task FitWithACustomModelAndObserver()
    {
        // README: Training in code
        using var mnist = await Dataset.LoadAsync(DatasetCatalog.Mnist);
        var model = Sequential(
            Conv2d(1, 16, 5), BatchNorm2d(16), Relu, MaxPool2d(2),
            Flatten(), Dropout(0.25), Linear(16 * 12 * 12, 10));
        var pipeline = mnist.Train.Shuffle(seed: 1).Batch(128).Select(mnist.Preprocessing);
        var setup = new TrainingSetup(model, new Adam(LearningRate: 1e-3), Epochs: 2, Seed: 1);
        var data = new TrainingData(pipeline, mnist.Preprocessing, mnist.Info.ClassNames, Test: mnist.Test);

        var result = Train.Fit(setup, data, [new StopAt(accuracy: 0.99)]);
        using var final = result.State;
        Console.WriteLine($"{result.Message} Test accuracy {final.History.Last!.TestAccuracy:P2}.");
        // README: end
    }

    // README: observer
    /// <summary>Prints each epoch and stops the run once the test accuracy reaches a goal.</summary>
    private sealed class StopAt(double accuracy) : ITrainingObserver
    {
        public Verdict OnEpoch(EpochReport report)
        {
            Console.WriteLine($"epoch {report.Record.Epoch}: loss {report.Record.TrainLoss:F4}, test accuracy {report.Record.TestAccuracy:P2}");
            return report.Record.TestAccuracy >= accuracy ? Verdict.Stop($"Reached {accuracy:P0}.") : Verdict.Continue;
        }
    }
    // README: observer end

    [Test]
    public void The_Fit_Example_Is_The_Readmes_Word_For_Word()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Training in code", StringComparison.Ordinal)..];
        var blocks = CodeBlock().Matches(section);
        var thisFile = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Mnist.Functional.Tests", "Training", "ReadmeFitSnippetTests.cs"));

        Assert.Multiple(() =>
        {
            Assert.That(Lines(blocks[0].Groups["code"].Value), Is.EqualTo(Lines(Between(thisFile, "// README: Training in code", "// README: end"))));
            Assert.That(Lines(blocks[1].Groups["code"].Value), Is.EqualTo(Lines(Between(thisFile, "// README: observer", "// README: observer end").Replace("private sealed class", "sealed class", StringComparison.Ordinal))));
        });
    }

    [Test]
    public async Task The_Fit_Example_Trains_Past_98_Percent_In_Two_Epochs()
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            await FitWithACustomModelAndObserver();
        }
        finally
        {
            Console.SetOut(console);
        }
        TestContext.Out.Write(output.ToString());

        Assert.That(output.ToString(), Does.Contain("epoch 1: loss").And.Contain("Test accuracy"));
        var accuracy = double.Parse(AccuracyLine().Match(output.ToString()).Groups["accuracy"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(accuracy, Is.GreaterThan(98.0));
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf('\n', text.IndexOf(start, StringComparison.Ordinal)) + 1;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static string[] Lines(string code)
    {
        var lines = code.Replace("\r", "").Split('\n').Where(line => !line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToArray();
        var indent = lines.Where(line => line.Trim().Length > 0).Min(line => line.Length - line.TrimStart().Length);
        return lines.Select(line => line.Trim().Length == 0 ? "" : line[indent..].TrimEnd()).ToArray();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mnist.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("No Mnist.sln above the test directory.");
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"Test accuracy (?<accuracy>[0-9.]+) ?%")]
    private static partial Regex AccuracyLine();
}
