using System.Text.RegularExpressions;
using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Testing;
using Mnist.Functional.Training;
using Mnist.Functional.Training.Observers;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.Functional.Runs.Tests;

/// <summary>The <c>Fit</c> example of docs/training-in-code.md runs as written: the code below is the guide's, line for line.</summary>
[Category("RealData")]
public sealed partial class ReadmeFitSnippetTests
{
    private static async Task FitWithACustomModelAndObserver()
    {
        // README: Training in code
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        var (train, validation) = mnist.Train.CarveValidation(5_000, seed: 2);
        var model = Sequential(
            Conv2d(1, 16, 5), BatchNorm2d(16), Relu, MaxPool2d(2),
            Flatten(), Dropout(0.25), Linear(16 * 12 * 12, 10));
        var pipeline = train.Shuffle(seed: 1).Batch(128).Select(mnist.Preprocessing);
        var setup = new TrainingSetup(model, new Adam(LearningRate: 1e-3), Epochs: 2, Seed: 1);
        SplitScore Score(Split split, TrainState state) => Evaluator.Predict(model, state.Variables, split.Images, split.Labels,
            mnist.Info.ClassNames, preprocess: mnist.Preprocessing) is var p ? new(p.Loss, p.Accuracy) : default;
        EpochEvaluation evaluate = (state, _) => new EpochScores(Score(validation, state), Score(mnist.Test, state));

        var result = Train.Fit(setup, pipeline, evaluate, [new StopAt(accuracy: 0.99)]);
        using var final = result.State;
        Console.WriteLine($"{result.Stop.Message} Test accuracy {final.History.Last!.TestAccuracy:P2}.");
        // README: end
    }

    private static async Task RunASpec()
    {
        // README: Run pipeline
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        var spec = RunSpec.Of(Zoo.LeNet5, seed: 7) with
        {
            Recipe = Zoo.LeNet5.Recipe with { Epochs = 3 },
            ValidationSize = 5_000,         // carved from the training split with seed + 1
            EarlyStoppingPatience = 2,      // on the validation loss
            Folder = "runs/lenet5-seed7",   // run.json, the checkpoint; refused if a run is there already
        };
        using var run = Run.Execute(spec, mnist, new RunOptions { Observers = [new EpochLog(Console.Out, "lenet5")] });
        Console.WriteLine($"{run.Stop.Message} Test accuracy {run.Test!.Accuracy:P2}, evaluated once in {run.Timings.EvaluationSeconds:F2} s.");
        // README: end
    }

    // README: observer
    /// <summary>Prints each epoch and stops the run once the validation accuracy reaches a goal (never the test accuracy: that would select on the test set).</summary>
    private sealed class StopAt(double accuracy) : ITrainingObserver
    {
        public Verdict OnEpoch(EpochReport report)
        {
            Console.WriteLine($"epoch {report.Record.Epoch}: loss {report.Record.TrainLoss:F4}, validation accuracy {report.Record.ValidationAccuracy:P2}");
            return report.Record.ValidationAccuracy >= accuracy ? Verdict.Stop($"Reached {accuracy:P0}.") : Verdict.Continue;
        }
    }
    // README: observer end

    [Test]
    public void The_Fit_Example_Is_The_Readmes_Word_For_Word()
    {
        const string thisFile = "tests/Mnist.Functional.Runs.Tests/ReadmeFitSnippetTests.cs";
        var blocks = ReadmeCode.Blocks("docs/training-in-code.md", "## Training in code");

        Assert.Multiple(() =>
        {
            Assert.That(ReadmeCode.Lines(blocks[0]), Is.EqualTo(ReadmeCode.Lines(ReadmeCode.Region(thisFile, "// README: Training in code", "// README: end"))));
            Assert.That(ReadmeCode.Lines(blocks[1]), Is.EqualTo(ReadmeCode.Lines(ReadmeCode.Region(thisFile, "// README: observer", "// README: observer end").Replace("private sealed class", "sealed class", StringComparison.Ordinal))));
            Assert.That(ReadmeCode.Lines(blocks[2]), Is.EqualTo(ReadmeCode.Lines(ReadmeCode.Region(thisFile, "// README: Run pipeline", "// README: end"))));
        });
    }

    [Test]
    public async Task The_Fit_Example_Trains_Past_97_5_Percent_In_Two_Epochs_On_55_000_Digits()
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
        Assert.That(accuracy, Is.GreaterThan(97.5));
    }

    [GeneratedRegex(@"Test accuracy (?<accuracy>[0-9.]+) ?%")]
    private static partial Regex AccuracyLine();
}
