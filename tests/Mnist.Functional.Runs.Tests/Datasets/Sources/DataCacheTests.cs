using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Datasets.Sources;

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
            cache.InstallAsync(Tiny, TrainLabels, new MemoryStream(IdxFiles.Corrupted(IdxFiles.Contents[TrainLabels.Name])), gzipped: false, "http://example/f"));

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
    public void Given_A_Gzip_Bomb_When_Installed_Then_Decompression_Stops_At_The_Catalogs_Length_And_Nothing_Is_Left()
    {
        var bomb = new Tests.IO.CountingStream(new MemoryStream(IdxFiles.GzipBomb(IdxFiles.Contents[TrainLabels.Name], 256L << 20)));

        var error = Assert.ThrowsAsync<ContentTooLongException>(() => cache.InstallAsync(Tiny, TrainLabels, bomb, gzipped: true, "http://example/bomb.gz"));

        Assert.That(error!.Message, Does.Contain($"it decompresses to more than {TrainLabels.RawLength} bytes"));
        Assert.That(bomb.BytesRead, Is.LessThan(200_000), "only the start of the compressed stream is read");
        Assert.That(cache.PartialFiles(Tiny), Is.Empty);
    }

    [Test]
    public void Given_Endless_Raw_Content_When_Installed_Then_Reading_Stops_One_Byte_Past_The_Catalogs_Length()
    {
        var endless = new Tests.IO.CountingStream(Tests.IO.RepeatingStream.Constant(0, long.MaxValue));

        Assert.ThrowsAsync<ContentTooLongException>(() => cache.InstallAsync(Tiny, TrainLabels, endless, gzipped: false, "/dev/zero"));

        Assert.That(endless.BytesRead, Is.EqualTo(TrainLabels.RawLength + 1));
    }

    [Test]
    public void Given_Endless_Compressed_Content_That_Decompresses_To_Nothing_When_Installed_Then_Reading_Stops_At_The_Compressed_Limit()
    {
        // A gzip header, then empty stored deflate blocks (not final) for ever: each is 5 bytes and holds nothing.
        var header = new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff };
        var endless = new Tests.IO.CountingStream(new Tests.IO.RepeatingStream([0x00, 0x00, 0x00, 0xff, 0xff], long.MaxValue, prefix: header));

        Assert.That(() => cache.InstallAsync(Tiny, TrainLabels, endless, gzipped: true, "http://example/endless.gz"),
            Throws.InstanceOf<ContentTooLongException>().With.Message.Contains($"it holds more than {TrainLabels.MaxGzipLength:N0} compressed bytes"));
        Assert.That(endless.BytesRead, Is.LessThanOrEqualTo(TrainLabels.MaxGzipLength + 1));
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
