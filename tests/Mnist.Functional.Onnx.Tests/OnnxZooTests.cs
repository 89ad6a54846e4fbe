using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Evaluation;
using Mnist.Functional.Models;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Onnx.Tests;

/// <summary>The zoo's exports in ONNX Runtime on real MNIST test digits, against the library's own evaluation.</summary>
[Category("RealData")]
public sealed class OnnxZooTests
{
    private static IEnumerable<string> ZooNames => Zoo.All.Select(model => model.Name);

    [TestCaseSource(nameof(ZooNames))]
    public async Task Each_Zoo_Model_Gives_The_Librarys_Probabilities_On_A_Batch_Of_Test_Digits(string name)
    {
        var zooModel = Zoo.Find(name);
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        using var scope = NewDisposeScope();
        var variables = Statistics.Randomised(zooModel.Network.Init(new Generator(1)), seed: 2);
        var digits = mnist.Test.Images.narrow(0, 0, 100);
        var labels = mnist.Test.Labels.narrow(0, 0, 100);

        var ours = Evaluator.Predict(zooModel.Network, variables, digits, labels, mnist.Info.ClassNames, preprocess: mnist.Preprocessing);
        var runtime = OnnxRuntimeRunner.Run(OnnxExport.ToModel(zooModel.Network, variables, new OnnxInput(mnist.Stats)), digits);

        var difference = OnnxRuntimeRunner.MaxAbsDifference(runtime.Probabilities, ours.Probabilities.ToArray());
        TestContext.Out.WriteLine($"{zooModel.Name}: largest probability difference {difference:E2} over 100 digits");
        Assert.That(difference, Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public async Task The_Default_Model_Trained_Briefly_Classifies_All_Ten_Thousand_Test_Digits_As_The_Library_Does()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);
        var model = Zoo.Default;
        using var trained = BrieflyTrained.DefaultModel(mnist, digits: 2_000);

        var ours = Evaluator.Predict(model.Network, trained.Variables, mnist.Test.Images, mnist.Test.Labels, mnist.Info.ClassNames, preprocess: mnist.Preprocessing);
        var runtime = OnnxRuntimeRunner.Run(OnnxExport.ToModel(model.Network, trained.Variables, new OnnxInput(mnist.Stats)), mnist.Test.Images);

        var classes = OnnxRuntimeRunner.ArgMax(runtime.Probabilities, 10);
        var disagreements = Enumerable.Range(0, classes.Length).Count(i => classes[i] != ours.Predicted[i]);
        var difference = OnnxRuntimeRunner.MaxAbsDifference(runtime.Probabilities, ours.Probabilities.ToArray());
        TestContext.Out.WriteLine($"accuracy {ours.Accuracy:P2}; {disagreements} of 10,000 classes differ; largest probability difference {difference:E2}");
        Assert.Multiple(() =>
        {
            Assert.That(classes, Has.Length.EqualTo(10_000));
            Assert.That(disagreements, Is.Zero);
            Assert.That(difference, Is.LessThanOrEqualTo(1e-5));
            Assert.That(ours.Accuracy, Is.GreaterThan(0.8), "the model learned something, so its classes mean something");
        });
    }
}
