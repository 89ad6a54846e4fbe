using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Models;

/// <summary>
/// Every zoo model's printed architecture, read from its file as <c>train --model-file</c> reads it, is that zoo model: it is
/// recognised as such (so it trains with the model's recipe, adversarial training included), and a short run of it ends
/// with the zoo model's weights and test loss, to the bit.
/// </summary>
[Category("RealData")]
public sealed class ZooArchitectureFileTests
{
    private Dataset mnist = null!;

    private static IEnumerable<TestCaseData> ZooNames => Zoo.All.Select(model => new TestCaseData(model.Name).SetArgDisplayNames(model.Name));

    [OneTimeSetUp]
    public async Task LoadMnist() => mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);

    [OneTimeTearDown]
    public void FreeMnist() => mnist.Dispose();

    [TestCaseSource(nameof(ZooNames))]
    public void A_Zoo_Models_Architecture_File_Trains_To_The_Zoo_Models_Weights_And_Test_Loss(string name)
    {
        using var temp = new TempFolder();
        var zoo = Zoo.Find(name);
        var file = temp.File($"{name}.json");
        File.WriteAllText(file, ArchitectureJson.Write(zoo.Network));

        var read = DescriptionFiles.Model(file, DatasetCatalog.Mnist, Zoo.Default.Recipe);
        var recognised = Zoo.WithNetwork(read.Network, ModelShape.Mnist);
        // A short run of the recipe's own optimizer, schedule and batch size: one epoch of a few batches.
        static RunSpec Short(ZooModel model, Recipe recipe) =>
            RunSpec.Of(model with { Recipe = recipe }) with { Recipe = recipe with { Epochs = 1 }, TrainItems = 300, TestItems = 200 };
        using var fromZoo = Run.Execute(Short(zoo, zoo.Recipe), mnist);
        using var fromFile = Run.Execute(Short(read, recognised?.Recipe ?? read.Recipe), mnist);

        Assert.Multiple(() =>
        {
            Assert.That(recognised, Is.SameAs(zoo), "the file's network is the zoo model's");
            Assert.That(read.Name, Is.EqualTo(name), "named after its file");
            TensorAssert.BitIdentical(fromFile.State!.Variables.Params, fromZoo.State!.Variables.Params);
            TensorAssert.BitIdentical(fromFile.State.Variables.State, fromZoo.State.Variables.State);
            Assert.That(fromFile.Test!.Loss, Is.EqualTo(fromZoo.Test!.Loss));
            Assert.That(fromFile.Test.Predicted, Is.EqualTo(fromZoo.Test.Predicted));
        });
    }

    [Test]
    public void A_Network_In_No_Zoo_Is_No_Zoo_Model_And_A_Changed_Zoo_Network_Is_Not_Its_Model()
    {
        var changed = ArchitectureJson.Write(Zoo.Mlp.Network).Replace("\"out_features\": 512", "\"out_features\": 500", StringComparison.Ordinal)
            .Replace("\"in_features\": 512", "\"in_features\": 500", StringComparison.Ordinal);
        var network = ArchitectureJson.Read(changed, [1, 28, 28], 10, "changed.json");

        Assert.Multiple(() =>
        {
            Assert.That(changed, Does.Contain("500"), "the edit took");
            Assert.That(Zoo.WithNetwork(network, ModelShape.Mnist), Is.Null);
            Assert.That(Zoo.WithNetwork(Zoo.LeNet5.Network, ModelShape.Mnist), Is.SameAs(Zoo.LeNet5));
            Assert.That(Zoo.WithNetwork(Zoo.LeNet5.Network, new ModelShape(32, 32, 10)), Is.Null, "built for other images, LeNet-5's dense layer takes another size");
        });
    }

    [Test]
    public void An_Architecture_File_Is_Checked_For_The_Datasets_Own_Image_Size()
    {
        using var temp = new TempFolder();
        var file = temp.File("lenet5-32.json");
        File.WriteAllText(file, ArchitectureJson.Write(Zoo.LeNet5.For(new ModelShape(32, 32, 10))));
        var large = DatasetCatalog.Mnist with { Image = new ImageShape(32, 32) };

        Assert.Multiple(() =>
        {
            Assert.That(DescriptionFiles.Model(file, large, Zoo.LeNet5.Recipe).Network, Is.EqualTo(Zoo.LeNet5.For(new ModelShape(32, 32, 10))));
            Assert.That(() => DescriptionFiles.Model(file, DatasetCatalog.Mnist, Zoo.LeNet5.Recipe), Throws.InstanceOf<IOException>().With.Message.Contains("[2, 1, 28, 28]"));
        });
    }
}
