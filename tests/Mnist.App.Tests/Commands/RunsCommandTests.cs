using System.Text.Json.Nodes;
using Mnist.App.Cli;

namespace Mnist.App.Tests.Commands;

[Category("RealData")]
public sealed class RunsCommandTests
{
    [Test]
    public async Task Runs_Lists_A_Trained_Run_From_Its_Parent_Its_Folder_Or_Its_Checkpoint_Folder()
    {
        var folder = await TrainedRun.FolderAsync();
        var name = Path.GetFileName(folder);

        var fromParent = await AppRunner.RunAsync("runs", Path.GetDirectoryName(folder)!, "--json");
        var fromFolder = await AppRunner.RunAsync("runs", folder);
        var fromCheckpoint = await AppRunner.RunAsync("runs", Path.Combine(folder, "checkpoint"));

        var listed = JsonNode.Parse(fromParent.Output)!["runs"]!.AsArray().Single(run => run!["name"]!.GetValue<string>() == name)!;
        var trained = await TrainedRun.MetricsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(fromParent.ExitCode, Is.EqualTo(ExitCodes.Success), fromParent.Error);
            Assert.That(JsonNode.Parse(fromParent.Output)!["schema_version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(listed["state"]!.GetValue<string>(), Is.EqualTo("finished"));
            Assert.That(listed["model"]!.GetValue<string>(), Is.EqualTo("mlp"));
            Assert.That(listed["test_accuracy"]!.GetValue<double>(), Is.EqualTo(trained["test"]!["accuracy"]!.GetValue<double>()));
            Assert.That(fromFolder.Output, Does.Match($@"(?m)^{name}\s+finished\s+mlp\s+mnist\s+1/1\s+\d+\.\d\d%"));
            Assert.That(fromCheckpoint.Output, Is.EqualTo(fromFolder.Output));
        });
    }

    [Test]
    public async Task Compare_Prints_The_Table_And_Writes_The_Page()
    {
        var folder = await TrainedRun.FolderAsync();
        var page = Path.Combine(Path.GetTempPath(), $"mnist-compare-{Guid.NewGuid():N}.html");
        try
        {
            var result = await AppRunner.RunAsync("compare", folder, Path.Combine(folder, "checkpoint"), "--out", page);

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
                Assert.That(result.Output, Does.Match(@"(?m)^  model\s+mlp\s+mlp$"), "the same run twice differs in nothing");
                Assert.That(result.Output, Does.Not.Contain("* the runs differ"));
                Assert.That(File.ReadAllText(page), Does.Contain("<table class=\"comparison\">"));
                Assert.That(result.Error, Does.Contain(page));
            });
        }
        finally
        {
            File.Delete(page);
        }
    }

    [Test]
    public async Task Evaluate_Takes_The_Run_Folder_As_Well_As_Its_Checkpoint_Folder()
    {
        var folder = await TrainedRun.FolderAsync();

        var result = await AppRunner.RunAsync("evaluate", "--checkpoint", folder, "--json");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(JsonNode.Parse(result.Output)!["schema_version"]!.GetValue<int>(), Is.EqualTo(2), "the results document's version");
        });
    }
}

public sealed class RunsCommandInputTests
{
    [Test]
    public async Task Runs_Of_A_Missing_Folder_Says_How_To_Make_One()
    {
        var result = await AppRunner.RunAsync("runs", "/nonexistent/runs");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(result.Error, Does.Contain("there is no folder /nonexistent/runs").And.Contain("mnist train"));
        });
    }

    [Test]
    public async Task Compare_Needs_Two_Runs_And_Names_A_Folder_That_Is_Not_One()
    {
        using var empty = new TempDirectory();

        var one = await AppRunner.RunAsync("compare", empty.Path);
        var notRuns = await AppRunner.RunAsync("compare", empty.Path, empty.Path);

        Assert.Multiple(() =>
        {
            Assert.That(one.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(notRuns.ExitCode, Is.EqualTo(ExitCodes.InputError));
            Assert.That(notRuns.Error, Does.Contain("is not a run folder"));
        });
    }

    [Test]
    public async Task Engine_Json_Has_A_Schema_Version_And_The_Engine()
    {
        var result = await AppRunner.RunAsync("engine", "--json");

        var json = JsonNode.Parse(result.Output)!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
            Assert.That(json.First().Key, Is.EqualTo("schema_version"));
            Assert.That(json["torchsharp"]!.GetValue<string>(), Is.EqualTo("0.107.0"));
            Assert.That(json["threads"]!.GetValue<int>(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Models_Json_Has_A_Schema_Version()
    {
        var result = await AppRunner.RunAsync("models", "--json");

        Assert.That(JsonNode.Parse(result.Output)!.AsObject().First().Key, Is.EqualTo("schema_version"));
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mnist-app-runs-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
