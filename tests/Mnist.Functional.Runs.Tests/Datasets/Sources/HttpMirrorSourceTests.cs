using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Datasets.Sources;

public sealed class HttpMirrorSourceTests
{
    internal static readonly DownloadOptions Quick = new(
        ConnectTimeout: TimeSpan.FromSeconds(2), IdleTimeout: TimeSpan.FromSeconds(2), Attempts: 3,
        Backoff: TimeSpan.FromMilliseconds(50), NpmTimeout: TimeSpan.FromSeconds(30));

    private TempFolder folder = null!;
    private DataCache cache = null!;
    private LoopbackServer server = null!;
    private HttpClient client = null!;

    [SetUp]
    public void Start()
    {
        folder = new TempFolder();
        cache = new DataCache(folder.Path);
        server = new LoopbackServer();
        client = HttpMirrorSource.CreateClient(Quick);
    }

    [TearDown]
    public void Stop()
    {
        client.Dispose();
        server.Dispose();
        folder.Dispose();
    }

    private HttpMirrorSource Mirror(DatasetInfo dataset, List<DownloadProgress>? reports = null) =>
        new(cache, dataset, server.BaseUri, client, Quick, reports is null ? null : new Collect(reports));

    [Test]
    public async Task Given_A_Mirror_With_Every_File_When_Fetched_Then_Each_Is_Verified_Raw_In_The_Cache()
    {
        server.ServeAll();
        var tiny = IdxFiles.Dataset(server.BaseUri);
        var reports = new List<DownloadProgress>();

        var result = await Mirror(tiny, reports).FetchAsync(tiny.Files, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty);
            Assert.That(result.Found.Keys, Is.EquivalentTo(tiny.Files));
            foreach (var (file, path) in result.Found)
                Assert.That(File.ReadAllBytes(path), Is.EqualTo(IdxFiles.Contents[file.Name]), file.Name);
            Assert.That(reports.Where(report => report.Done).Select(report => report.File), Is.EquivalentTo(tiny.Files.Select(file => file.GzipName)));
        });
    }

    [Test]
    public async Task Given_A_Mirror_That_Announces_More_Than_The_File_Can_Hold_When_Fetched_Then_It_Is_Refused_At_Once()
    {
        var tiny = IdxFiles.Dataset(server.BaseUri);
        var file = tiny.Files[0];
        server.Announce(file.GzipName, 10L << 30);

        var result = await Mirror(tiny).FetchAsync([file], CancellationToken.None);

        Assert.That(result.Problems, Has.One.Contains($"the server announces 10,737,418,240 bytes, more than the {file.MaxGzipLength:N0} a gzip copy of {file.Name} can have"));
        Assert.That(server.Requests[file.GzipName], Is.EqualTo(1), "a file that is too long is not asked for again");
        Assert.That(cache.PartialFiles(tiny), Is.Empty);
    }

    [Test]
    public async Task Given_A_Connection_Dropped_Mid_Body_When_Fetched_Then_No_Partial_File_Is_Left_And_The_Tries_Are_Bounded()
    {
        var tiny = IdxFiles.Dataset(server.BaseUri);
        var file = tiny.Files[0];
        server.DropMidBody(file.GzipName, IdxFiles.Gzip(IdxFiles.Contents[file.Name]));

        var result = await Mirror(tiny).FetchAsync([file], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Found, Is.Empty);
            Assert.That(result.Problems.Single(), Does.Contain(file.GzipName).And.Contain("after 3 tries"));
            Assert.That(server.Requests[file.GzipName], Is.EqualTo(Quick.Attempts));
            Assert.That(File.Exists(cache.PathOf(tiny, file)), Is.False);
            Assert.That(cache.PartialFiles(tiny), Is.Empty);
        });
    }

    [Test]
    public async Task Given_A_Missing_File_When_Fetched_Then_The_404_Is_Reported_Without_Retrying()
    {
        var tiny = IdxFiles.Dataset(server.BaseUri);

        var result = await Mirror(tiny).FetchAsync(tiny.Files, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems.Single(), Does.Contain("HTTP 404"));
            Assert.That(server.Requests.Values.Sum(), Is.EqualTo(1), "a mirror that failed once is not asked for the other files");
        });
    }

    [Test]
    public async Task Given_A_Mirror_That_Stalls_When_Fetched_Then_It_Times_Out_Within_The_Idle_Limit()
    {
        var tiny = IdxFiles.Dataset(server.BaseUri);
        var file = tiny.Files[1];
        server.Serve(file.GzipName, IdxFiles.Gzip(IdxFiles.Contents[file.Name]), delay: TimeSpan.FromSeconds(30));
        var options = Quick with { Attempts = 1, IdleTimeout = TimeSpan.FromMilliseconds(300) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await new HttpMirrorSource(cache, tiny, server.BaseUri, client, options).FetchAsync([file], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems.Single(), Does.Contain("no response within 0.3 s"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
    }

    [Test]
    public async Task Given_A_Slow_Body_That_Never_Stalls_When_Fetched_Then_It_Arrives_Though_It_Takes_Longer_Than_The_Idle_Limit()
    {
        var tiny = IdxFiles.Dataset(server.BaseUri);
        var file = tiny.Files[0];
        server.Trickle(file.GzipName, IdxFiles.Gzip(IdxFiles.Contents[file.Name]), chunks: 8, pause: TimeSpan.FromMilliseconds(100));
        var options = Quick with { Attempts = 1, IdleTimeout = TimeSpan.FromMilliseconds(400) };

        var result = await new HttpMirrorSource(cache, tiny, server.BaseUri, client, options).FetchAsync([file], CancellationToken.None);

        Assert.That(result.Problems, Is.Empty);
    }

    [TestCase(503, true)]
    [TestCase(404, false)]
    public void Server_Errors_Are_Retried_But_Missing_Files_Are_Not(int status, bool transient) =>
        Assert.That(HttpMirrorSource.IsTransient(new HttpRequestException("x", null, (System.Net.HttpStatusCode)status), CancellationToken.None), Is.EqualTo(transient));

    private sealed class Collect(List<DownloadProgress> reports) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
