using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Datasets.Sources;

public sealed class DataSourcesTests
{
    private TempFolder folder = null!;
    private DataCache cache = null!;

    [SetUp]
    public void CreateCache()
    {
        folder = new TempFolder();
        cache = new DataCache(folder.File("cache"));
    }

    [TearDown]
    public void DeleteCache() => folder.Dispose();

    private DataOptions Options => new(Cache: cache, Download: HttpMirrorSourceTests.Quick);

    [Test]
    public async Task Given_A_Mirror_Serving_A_Wrong_File_When_Obtained_Then_The_Next_Mirror_Supplies_It()
    {
        using var wrong = new LoopbackServer().ServeAll((name, bytes) => name.StartsWith("train-images", StringComparison.Ordinal) ? IdxFiles.Corrupted(bytes) : bytes);
        using var right = new LoopbackServer().ServeAll();
        var tiny = IdxFiles.Dataset(wrong.BaseUri, right.BaseUri);

        var files = await DataSources.ObtainAsync(tiny, Options);

        Assert.Multiple(() =>
        {
            Assert.That(files.Origins[tiny.Files[0]], Is.EqualTo($"mirror {right.BaseUri}"));
            Assert.That(files.Notes, Has.One.Contains($"mirror {wrong.BaseUri}: train-images-idx3-ubyte.gz: its SHA-256 is"));
            Assert.That(File.ReadAllBytes(files.Paths[tiny.Files[0]]), Is.EqualTo(IdxFiles.Contents[tiny.Files[0].Name]));
            Assert.That(right.Requests.Keys, Is.EquivalentTo(tiny.Files.Select(file => file.GzipName)), "the second mirror is asked for every file the first did not deliver");
        });
    }

    [Test]
    public async Task Given_A_Filled_Cache_When_Obtained_Again_Then_No_Mirror_Is_Asked()
    {
        using var server = new LoopbackServer().ServeAll();
        var tiny = IdxFiles.Dataset(server.BaseUri);
        await DataSources.ObtainAsync(tiny, Options);
        server.Requests.Clear();

        var files = await DataSources.ObtainAsync(tiny, Options);

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Is.Empty);
            Assert.That(files.Origins.Values.Distinct(), Is.EqualTo(new[] { $"cache {cache.Folder(tiny)}" }));
            Assert.That(files.Notes, Is.Empty);
        });
    }

    [Test]
    public async Task Given_A_Truncated_Cached_File_When_Obtained_Then_It_Is_Reported_And_Replaced()
    {
        using var server = new LoopbackServer().ServeAll();
        var tiny = IdxFiles.Dataset(server.BaseUri);
        var first = await DataSources.ObtainAsync(tiny, Options);
        var images = first.Paths[tiny.Files[0]];
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..1000]);

        var files = await DataSources.ObtainAsync(tiny, Options);

        Assert.Multiple(() =>
        {
            Assert.That(files.Notes.Single(), Does.Contain("corrupt").And.Contain(tiny.Files[0].Name).And.Contain("truncated"));
            Assert.That(File.ReadAllBytes(images), Is.EqualTo(IdxFiles.Contents[tiny.Files[0].Name]));
            Assert.That(files.Origins[tiny.Files[0]], Is.EqualTo($"mirror {server.BaseUri}"));
        });
    }

    [Test]
    public async Task Given_Two_Concurrent_Obtains_Of_One_Cache_Then_Each_File_Is_Fetched_Once_And_Verified()
    {
        using var server = new LoopbackServer().ServeAll();
        var tiny = IdxFiles.Dataset(server.BaseUri);

        var both = await Task.WhenAll(DataSources.ObtainAsync(tiny, Options), DataSources.ObtainAsync(tiny, Options));

        Assert.Multiple(() =>
        {
            Assert.That(both[0].Paths, Is.EqualTo(both[1].Paths));
            Assert.That(server.Requests.Values, Is.All.EqualTo(1));
            Assert.That(Directory.GetFiles(cache.Folder(tiny)).Select(Path.GetFileName), Is.EquivalentTo(tiny.Files.Select(file => file.Name)), "the lock file is deleted by its last holder");
            foreach (var (file, path) in both[0].Paths)
                Assert.That(File.ReadAllBytes(path), Is.EqualTo(IdxFiles.Contents[file.Name]));
        });
    }

    [Test]
    public void Given_Every_Source_Failing_When_Obtained_Then_One_Error_Lists_Each_Source_And_How_To_Supply_Files()
    {
        using var server = new LoopbackServer();
        var unreachable = ClosedPort();
        var tiny = IdxFiles.Dataset(server.BaseUri, unreachable) with
        {
            Debian = new DebianPackage("dataset-tiny", folder.File("no-such-folder")),
        };
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<DataUnavailableException>(() => DataSources.ObtainAsync(tiny, Options));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Attempts.Select(attempt => attempt.Source), Is.EqualTo(new[]
            {
                $"cache {cache.Folder(tiny)}", $"mirror {server.BaseUri}", $"mirror {unreachable}", $"Debian package dataset-tiny ({folder.File("no-such-folder")})",
            }));
            Assert.That(error.Message, Does.Contain("not cached yet").And.Contain("HTTP 404").And.Contain("apt-get install dataset-tiny")
                .And.Contain("read the dataset from that folder").And.Not.Contain("--").And.Contain(cache.Folder(tiny)));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "sources that cannot answer fail fast");
            Assert.That(cache.PartialFiles(tiny), Is.Empty);
        });
    }

    [Test]
    public async Task Given_A_Data_Directory_When_Obtained_Then_Only_That_Folder_Is_Used_Gzip_Or_Raw()
    {
        using var server = new LoopbackServer().ServeAll();
        var tiny = IdxFiles.Dataset(server.BaseUri);
        var data = IdxFiles.WriteAll(folder.File("data"), gzip: true);

        var files = await DataSources.ObtainAsync(tiny, Options with { DataDirectory = data });

        Assert.Multiple(() =>
        {
            Assert.That(files.Paths.Values, Is.All.StartWith(data).And.All.EndWith(".gz"));
            Assert.That(server.Requests, Is.Empty);
            Assert.That(Directory.Exists(cache.Folder(tiny)), Is.False);
        });
    }

    [Test]
    public void Given_A_Data_Directory_With_A_Garbage_File_When_Obtained_Then_The_Error_Names_The_File()
    {
        var data = IdxFiles.WriteAll(folder.File("data"));
        var garbage = Path.Combine(data, "t10k-labels-idx1-ubyte");
        File.WriteAllText(garbage, "this is not an IDX file");

        var error = Assert.ThrowsAsync<IdxMagicNumberException>(() => DataSources.ObtainAsync(IdxFiles.Dataset(), Options with { DataDirectory = data }));

        Assert.That(error!.Message, Does.StartWith(garbage));
    }

    [Test]
    public void Given_A_Data_Directory_Missing_A_File_When_Obtained_Then_The_Error_Names_It()
    {
        var data = IdxFiles.WriteAll(folder.File("data"));
        File.Delete(Path.Combine(data, "train-labels-idx1-ubyte"));

        var error = Assert.ThrowsAsync<FileNotFoundException>(() => DataSources.ObtainAsync(IdxFiles.Dataset(), Options with { DataDirectory = data }));

        Assert.That(error!.Message, Does.Contain("train-labels-idx1-ubyte.gz").And.Contain(data));
    }

    private static Uri ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
