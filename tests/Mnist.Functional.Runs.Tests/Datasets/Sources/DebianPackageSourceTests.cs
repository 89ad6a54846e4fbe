using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Datasets.Sources;

public sealed class DebianPackageSourceTests
{
    private TempFolder folder = null!;
    private DataCache cache = null!;

    [SetUp]
    public void Start()
    {
        folder = new TempFolder();
        cache = new DataCache(folder.File("cache"));
    }

    [TearDown]
    public void Stop() => folder.Dispose();

    [Test]
    public async Task Given_The_Package_Folder_Of_Gzip_Files_When_Fetched_Then_Raw_Verified_Copies_Are_Cached()
    {
        var tiny = IdxFiles.Dataset();
        var package = new DebianPackage("dataset-tiny", IdxFiles.WriteAll(folder.File("share"), gzip: true));

        var result = await new DebianPackageSource(cache, tiny, package).FetchAsync(tiny.Files, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty);
            foreach (var file in tiny.Files)
                Assert.That(File.ReadAllBytes(result.Found[file]), Is.EqualTo(IdxFiles.Contents[file.Name]), file.Name);
        });
    }

    [Test]
    public async Task Given_The_Package_Is_Not_Installed_When_Fetched_Then_The_Reason_Gives_The_Install_Command()
    {
        var tiny = IdxFiles.Dataset();
        var package = new DebianPackage("dataset-tiny", folder.File("absent"));

        var result = await new DebianPackageSource(cache, tiny, package).FetchAsync(tiny.Files, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Found, Is.Empty);
            Assert.That(result.Problems.Single(), Does.Contain("as root with 'apt-get install dataset-tiny'"));
        });
    }
}
