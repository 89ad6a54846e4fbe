using Mnist.Functional.Layers;
using Mnist.Functional.Models;

namespace Mnist.Functional.Runs.Tests.Models;

public sealed class ZooTests
{
    private static IEnumerable<ZooModel> Models => Zoo.All;

    [TestCaseSource(nameof(Models))]
    public void Every_Model_Maps_A_Batch_Of_Digits_To_Ten_Scores(ZooModel model)
    {
        var summary = Summary.Of(model.Network, 2, 1, 28, 28);

        Assert.Multiple(() =>
        {
            Assert.That(summary.OutputShape, Is.EqualTo(new long[] { 2, 10 }));
            Assert.That(summary.TotalParameters, Is.GreaterThan(0));
            Assert.That(model.Recipe.BatchSize, Is.GreaterThan(0));
            Assert.That(model.Recipe.Epochs, Is.GreaterThan(0));
        });
    }

    [Test]
    public void The_PyTorch_Example_Has_Its_Parameter_Names_And_Count()
    {
        var summary = Summary.Of(Zoo.PyTorchCnn.Network, 1, 1, 28, 28);

        Assert.Multiple(() =>
        {
            Assert.That(summary.TotalParameters, Is.EqualTo(1_199_882));
            Assert.That(Zoo.PyTorchCnn.Network.Init(new TorchSharp.torch.Generator(0)).Params.Paths,
                Is.EqualTo(new[] { "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" }));
        });
    }

    [Test]
    public void Speedrun_Takes_Under_Half_Of_Fasts_Multiply_Adds_And_Pools_Before_Each_Batch_Norm()
    {
        var layers = ((Chain)Zoo.Speedrun.Network).Layers.Select(child => child.Layer).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Summary.Of(Zoo.Speedrun.Network, 1, 1, 28, 28).TotalMultiplyAdds, Is.LessThan(Summary.Of(Zoo.Fast.Network, 1, 1, 28, 28).TotalMultiplyAdds / 2));
            Assert.That(layers.Select((layer, i) => (layer, i)).Where(pair => pair.layer is BatchNorm2d).Select(pair => layers[pair.i - 1]), Is.All.InstanceOf<MaxPool2d>());
            Assert.That(Zoo.Speedrun.Recipe, Is.EqualTo(Zoo.Speedrun.Recipe.Checked()));
        });
    }

    [Test]
    public void The_Keras_Convnet_Has_The_Parameter_Count_Keras_Reports()
    {
        Assert.That(Summary.Of(Zoo.KerasCnn.Network, 1, 1, 28, 28).TotalParameters, Is.EqualTo(34_826));
    }

    [Test]
    public void Recipes_Fit_Their_Schedules_To_The_Run()
    {
        var pytorch = Zoo.PyTorchCnn.Recipe.OptimizerFor(stepsPerEpoch: 938, epochs: 14);

        Assert.Multiple(() =>
        {
            Assert.That(pytorch.LearningRateAt(937), Is.EqualTo(1.0));
            Assert.That(pytorch.LearningRateAt(938), Is.EqualTo(0.7).Within(1e-12));
        });
    }

    [Test]
    public void Find_Is_Case_Insensitive_And_An_Unknown_Name_Lists_The_Zoo()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Zoo.Find("LeNet5"), Is.SameAs(Zoo.LeNet5));
            Assert.That(() => Zoo.Find("resnet"), Throws.ArgumentException.With.Message.Contains("There is no model 'resnet'. Choose one of: fast, speedrun, keras-cnn, pytorch-cnn, lenet5, mlp, best, robust."));
        });
    }
}
