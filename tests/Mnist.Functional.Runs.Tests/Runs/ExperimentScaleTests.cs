using Mnist.Functional.Models;

namespace Mnist.Functional.Runs.Tests.Runs;

public sealed class ExperimentScaleTests
{
    [Test]
    public void Quick_Caps_The_Epochs_And_Full_Leaves_The_Recipe_Alone()
    {
        var recipe = Zoo.LeNet5.Recipe;

        Assert.Multiple(() =>
        {
            Assert.That(ExperimentScale.Quick.Apply(recipe).Epochs, Is.EqualTo(1));
            Assert.That(ExperimentScale.Full.Apply(recipe), Is.SameAs(recipe));
            Assert.That(ExperimentScale.Full.IsFull, Is.True);
            Assert.That(ExperimentScale.Quick.IsFull, Is.False);
        });
    }

    [Test]
    public void A_Quick_Scale_Cuts_A_Spec_And_Says_It_Measures_Nothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExperimentScale.Quick.Apply(RunSpec.Of(Zoo.Best)), Is.EqualTo(RunSpec.Of(Zoo.Best) with { Recipe = Zoo.Best.Recipe with { Epochs = 1 }, TrainItems = 2_048, TestItems = 1_000 }));
            Assert.That(ExperimentScale.Full.Apply(RunSpec.Of(Zoo.Best)), Is.EqualTo(RunSpec.Of(Zoo.Best)));
            Assert.That(ExperimentScale.Quick.Describe(), Is.EqualTo("reduced (2,048 training items, 1,000 test items, at most 1 epoch): checks the script, measures nothing"));
            Assert.That(Path.GetFileName(ExperimentScale.Quick.FolderFor("zoo", DateTimeOffset.Now)), Does.StartWith("zoo-quick-"));
        });
    }
}
