using Mnist.Functional.Data;
using Mnist.Functional.Data.Sources;

namespace Mnist.Functional.Tests.Data.Sources;

public sealed class DataCacheTests
{
    private TempFolder folder = null!;
    private DataCache cache = null!;
    private static readonly DatasetInfo Tiny = IdxFiles.Dataset();
    private static DatasetFile TrainLabels => Tiny.File(SplitKind.Train, IdxKind.Labels);

    [SetUp]
    public void CreateCache()
    {
        folder = new TempFolder();
        cache = new DataCache(folder.Path);
    }

    [TearDown]
    public void DeleteCache() => folder.Dispose();

    [Test]
    public void The_Default_Root_Is_The_Variable_Then_Xdg_Cache_Home_Then_Home_Cache()
    {
        var saved = (Environment.GetEnvironmentVariable(DataCache.EnvironmentVariable), Environment.GetEnvironmentVariable("XDG_CACHE_HOME"));
        try
        {
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, "/data/mnist");
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/xdg");
            var fromVariable = DataCache.DefaultRoot();
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, null);
            var fromXdg = DataCache.DefaultRoot();
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", null);
            var fromHome = DataCache.DefaultRoot();

            Assert.That(new[] { fromVariable, fromXdg, fromHome }, Is.EqualTo(new[]
            {
                "/data/mnist", "/xdg/mnist-functional",
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mnist-functional"),
            }));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, saved.Item1);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", saved.Item2);
        }
    }

    [Test]
    public async Task Given_Gzip_Content_When_Installed_Then_The_Raw_Bytes_Are_In_Place()
    {
        var bytes = IdxFiles.Contents[TrainLabels.Name];

        var path = await cache.InstallAsync(Tiny, TrainLabels, new MemoryStream(IdxFiles.Gzip(bytes)), gzipped: true, "test");

        Assert.Multiple(() =>
        {
            Assert.That(path, Is.EqualTo(Path.Combine(folder.Path, "tiny", TrainLabels.Name)));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes));
            Assert.That(cache.PartialFiles(Tiny), Is.Empty);
        });
    }

    [Test]
    public async Task Given_Wrong_Content_When_Installed_Then_It_Is_Refused_And_The_Good_File_Stays()
    {
        var good = await cache.InstallAsync(Tiny, TrainLabels, new MemoryStream(IdxFiles.Contents[TrainLabels.Name]), gzipped: false, "test");

        var error = Assert.ThrowsAsync<ChecksumMismatchException>(() =>
            cache.InstallAsync(Tiny, TrainLabels, new MemoryStream(IdxFiles.Labels(31)), gzipped: false, "http://example/f"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("http://example/f"));
            Assert.That(File.ReadAllBytes(good), Is.EqualTo(IdxFiles.Contents[TrainLabels.Name]));
            Assert.That(cache.PartialFiles(Tiny), Is.Empty);
        });
    }

    [Test]
    public async Task A_Second_Lock_Waits_Until_The_First_Is_Released()
    {
        var first = await cache.LockAsync(Tiny, TimeSpan.FromSeconds(5));
        var second = cache.LockAsync(Tiny, TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        var waitedWhileHeld = !second.IsCompleted;

        first.Dispose();
        using var acquired = await second;

        Assert.That(waitedWhileHeld, Is.True);
    }

    [Test]
    public async Task A_Lock_Held_Too_Long_Gives_An_Error_That_Names_The_Folder()
    {
        using var held = await cache.LockAsync(Tiny, TimeSpan.FromSeconds(5));

        var error = Assert.ThrowsAsync<IOException>(() => cache.LockAsync(Tiny, TimeSpan.FromMilliseconds(200)));

        Assert.That(error!.Message, Does.Contain(cache.Folder(Tiny)).And.Contain("locked"));
    }

    [Test]
    public async Task Given_Partial_Files_A_Killed_Download_Left_When_No_Process_Holds_The_Lock_Then_They_Are_Removed_And_Kept_While_One_Does()
    {
        var stale = Path.Combine(Directory.CreateDirectory(cache.Folder(Tiny)).FullName, ".train-labels-idx1-ubyte.0123.partial");
        File.WriteAllBytes(stale, [1, 2, 3]);

        using (await cache.LockAsync(Tiny, TimeSpan.FromSeconds(5)))
        {
            Assert.That(cache.RemoveStalePartialFiles(Tiny), Is.Zero, "a process filling the folder may be writing it");
            Assert.That(File.Exists(stale), Is.True);
        }

        Assert.Multiple(() =>
        {
            Assert.That(cache.RemoveStalePartialFiles(Tiny), Is.EqualTo(1));
            Assert.That(cache.PartialFiles(Tiny), Is.Empty);
        });
    }
}
