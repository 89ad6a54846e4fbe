using Mnist.App.Cli;
using Mnist.Functional.Runs.Tests.Datasets;

namespace Mnist.App.Tests.Commands;

public sealed class DataCommandTests
{
    private static readonly string[] StandardNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private DirectoryInfo folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("mnist-app-tests-");

    [TearDown]
    public void DeleteFolder() => folder.Delete(recursive: true);

    [Test]
    public async Task Info_On_A_Folder_Of_Garbage_Files_Fails_With_An_Error_That_Names_The_File()
    {
        foreach (var name in StandardNames)
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, name), "not an IDX file at all");

        var result = await AppRunner.RunAsync("data", "info", "--data-dir", folder.FullName);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.StartWith($"error: {Path.Combine(folder.FullName, "train-images-idx3-ubyte")}: the magic number"));
            Assert.That(result.Error, Does.Contain("('mnist data download' repairs the cache; --data-dir FOLDER reads a folder of good files.)"),
                "the library says what is wrong; the command line adds the command and flag that fix it");
            Assert.That(result.Error, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task Download_From_A_Folder_Missing_Files_Names_What_Is_Missing()
    {
        var result = await AppRunner.RunAsync("data", "download", "--dataset", "fashion", "--data-dir", folder.FullName);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("Fashion-MNIST is not complete in").And.Contain("train-images-idx3-ubyte.gz"));
        });
    }

    [Test]
    public async Task An_Unknown_Dataset_Is_Refused_Naming_The_Datasets_There_Are()
    {
        var result = await AppRunner.RunAsync("data", "download", "--dataset", "cifar");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("cifar").And.Contain("mnist, fashion").And.Contain("a folder of labelled images"));
        });
    }

    [Test]
    [NonParallelizable]
    public async Task Adding_A_Name_Already_Added_Is_Refused_Naming_Replace_Which_Then_Replaces_It()
    {
        using var cache = new CacheFolder(Path.Combine(folder.FullName, "cache"));
        var files = LetterFiles.WriteAll(Path.Combine(folder.FullName, "letters"), train: 2, test: 1);

        var first = await AppRunner.RunAsync("data", "add", "letters", "--from", files);
        var again = await AppRunner.RunAsync("data", "add", "letters", "--from", files);
        var replaced = await AppRunner.RunAsync("data", "add", "letters", "--from", files, "--title", "Letters again", "--replace");

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), first.Error);
            Assert.That(again.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(again.Error, Does.Contain("'letters' is already added").And.Contain("--replace"), "the refusal says which flag replaces it");
            Assert.That(replaced.ExitCode, Is.EqualTo(ExitCodes.Success), replaced.Error);
            Assert.That(replaced.Output, Does.StartWith("replaced letters: Letters again"));
        });
    }

    /// <summary>Uses the user's cache (or $MNIST_FUNCTIONAL_DATA), filling it through the library's sources if need be.</summary>
    [Test]
    [Category("RealData")]
    public async Task Download_Then_Info_Describe_The_Verified_Mnist_Files()
    {
        var download = await AppRunner.RunAsync("data", "download");
        var info = await AppRunner.RunAsync("data", "info");

        Assert.Multiple(() =>
        {
            Assert.That(download.ExitCode, Is.EqualTo(ExitCodes.Success), download.Error);
            Assert.That(download.Output, Does.StartWith("MNIST: 4 verified files"));
            foreach (var name in StandardNames)
                Assert.That(download.Output, Does.Contain(name));
            Assert.That(info.ExitCode, Is.EqualTo(ExitCodes.Success), info.Error);
            Assert.That(info.Output, Does.Contain("60,000 train, 10,000 test")
                .And.Contain("mean 0.1307, std 0.3081")
                .And.Contain("5,923").And.Contain("1,135"));
        });
    }

    [Test]
    [Category("RealData")]
    public async Task Info_Json_Has_A_Schema_Version_Counts_Statistics_And_Classes()
    {
        var result = await AppRunner.RunAsync("data", "info", "--json");

        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Output)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(json.First().Key, Is.EqualTo("schema_version"));
            Assert.That(json["train_items"]!.GetValue<long>(), Is.EqualTo(60_000));
            Assert.That(json["pixel_mean"]!.GetValue<double>(), Is.EqualTo(0.1307).Within(1e-4));
            Assert.That(json["files"]!.AsArray(), Has.Count.EqualTo(4));
            Assert.That(json["classes"]![1]!["train"]!.GetValue<long>(), Is.EqualTo(6_742));
        });
    }
}
