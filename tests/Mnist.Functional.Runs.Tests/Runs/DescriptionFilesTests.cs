using Mnist.Functional.Datasets;
using Mnist.Functional.Json;
using Mnist.Functional.Layers;
using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class DescriptionFilesTests
{
    [Test]
    public void An_Architecture_File_Is_A_Model_Named_After_It_With_The_Recipe_Given()
    {
        using var folder = new TempFolder();
        var file = folder.Write("my-net.json", System.Text.Encoding.UTF8.GetBytes(ArchitectureJson.Write(Zoo.Fast.Network)));

        var model = DescriptionFiles.Model(file, DatasetCatalog.Mnist, Zoo.Fast.Recipe);

        Assert.Multiple(() =>
        {
            Assert.That(model.Name, Is.EqualTo("my-net"));
            Assert.That(model.Network, Is.EqualTo(Zoo.Fast.Network));
            Assert.That(model.Recipe, Is.EqualTo(Zoo.Fast.Recipe));
        });
    }

    [Test]
    public void An_Optimizer_File_Reads_To_Its_Plan()
    {
        using var folder = new TempFolder();
        var plan = new OptimizerPlan([new Optimizers.Transforms.ClipByGlobalNorm(1), new Optimizers.Transforms.Trace(0.9, Nesterov: true)], 0.05);
        var file = folder.Write("clipped.json", System.Text.Encoding.UTF8.GetBytes(OptimizerJson.Write(plan)));

        Assert.That(DescriptionFiles.Optimizer(file), Is.EqualTo(plan));
    }

    [Test]
    public void Files_That_Are_Not_Descriptions_Are_Refused_Naming_The_File()
    {
        using var folder = new TempFolder();
        var notJson = folder.Write("not.json", "conv 3x3"u8.ToArray());
        var huge = folder.Write("huge.json", new byte[ArchitectureLimits.Default.MaxBytes + 1]);
        var hugePlan = folder.Write("huge-plan.json", new byte[OptimizerJson.MaxBytes + 1]);

        Assert.Multiple(() =>
        {
            Assert.That(() => DescriptionFiles.Model(notJson, DatasetCatalog.Mnist, Zoo.Fast.Recipe), Throws.InstanceOf<DescriptionException>().With.Message.StartsWith(notJson));
            Assert.That(() => DescriptionFiles.Optimizer(notJson), Throws.InstanceOf<DescriptionException>().With.Message.StartsWith(notJson));
            Assert.That(() => DescriptionFiles.Model(huge, DatasetCatalog.Mnist, Zoo.Fast.Recipe), Throws.InstanceOf<IOException>().With.Message.Contains(huge));
            Assert.That(() => DescriptionFiles.Optimizer(hugePlan), Throws.InstanceOf<IOException>().With.Message.Contains(hugePlan));
            Assert.That(() => DescriptionFiles.Model(folder.Path, DatasetCatalog.Mnist, Zoo.Fast.Recipe), Throws.InstanceOf<IOException>());
            Assert.That(() => DescriptionFiles.Optimizer(folder.File("missing.json")), Throws.InstanceOf<FileNotFoundException>());
        });
    }
}
