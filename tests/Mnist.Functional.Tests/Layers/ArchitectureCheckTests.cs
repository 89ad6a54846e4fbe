using Mnist.Functional.Json;
using Mnist.Functional.Layers;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.Functional.Tests.Layers;

public sealed class ArchitectureCheckTests
{
    private static readonly long[] Mnist = [1, 28, 28];

    [Test]
    public void A_Network_Composed_In_Code_Is_Checked_Like_A_File_With_The_Paths_Of_Its_Form()
    {
        var network = Sequential(("features", Sequential(Conv2d(1, 8, 3), Relu, MaxPool2d(2))), ("head", Sequential(Flatten(), Linear(8 * 12 * 12, 10))));

        var error = Assert.Throws<DescriptionException>(() => ArchitectureCheck.Run(network, Mnist, 10, "my network"));

        Assert.That(error!.Message, Is.EqualTo(
            "my network: the layer at 'layers[1].layers[1]' is Linear(1152, 10) ('head.1' in the model), which expects input of shape [*, 1152] but gets [2, 1352] when the network's input is [2, 1, 28, 28]. Correct this layer's settings or the one before it."));
    }

    [Test]
    public void A_Csharp_Function_Is_Named_As_A_Layer_With_No_Form()
    {
        var network = Sequential(Flatten(), new Lambda("double", x => x * 2), Linear(784, 10));

        Assert.That(() => ArchitectureCheck.Run(network, Mnist, 10, "code"), Throws.TypeOf<UndescribableLayerException>().With.Property(nameof(UndescribableLayerException.Path)).EqualTo("1"));
    }

    [Test]
    public void A_Network_Built_Deeper_Than_The_Limit_Is_Refused()
    {
        Layer network = Sequential(Flatten(), Linear(784, 10));
        for (var level = 0; level < 3; level++)
            network = Sequential(("inner", network));

        Assert.That(() => ArchitectureCheck.Run(network, Mnist, 10, "code", new ArchitectureLimits(MaxDepth: 4)),
            Throws.TypeOf<DescriptionException>().With.Message.Contains("the layer at 'layers[0].layers[0].layers[0].layers[0]' nests layers 5 deep, deeper than the 4 levels allowed"));
    }

    [Test]
    public void Another_Dataset_Shape_And_Class_Count_Are_Checked_For()
    {
        var network = Sequential(Conv2d(3, 4, 3), Flatten(), Linear(4 * 30 * 30, 100));

        Assert.Multiple(() =>
        {
            Assert.That(ArchitectureCheck.Run(network, [3, 32, 32], 100, "cifar-100"), Is.EqualTo(3 * 4 * 9 + 4 + 3600 * 100 + 100));
            Assert.That(() => ArchitectureCheck.Run(network, Mnist, 100, "mnist"), Throws.TypeOf<DescriptionException>().With.Message.Contains("expects input of shape [B, 3, H, W] but gets [2, 1, 28, 28]"));
        });
    }
}
