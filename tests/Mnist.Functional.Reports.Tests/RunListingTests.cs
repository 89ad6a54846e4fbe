using System.Text.Json.Nodes;
using Mnist.Functional.Runs;
using Mnist.Functional.Runs.Tests.Runs;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Reports.Tests;

public sealed class RunListingTests
{
    private static readonly DateTime Monday = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    private static IReadOnlyList<SavedRun> TwoRuns(TempFolder folder)
    {
        SyntheticRunFolder.Write(folder.Path, "20261123-090000", SyntheticRunFolder.Config(epochs: 2), SyntheticRun.History(2, 10), evaluated: true, Monday);
        SyntheticRunFolder.Write(folder.Path, "20261123-100000", SyntheticRunFolder.Config(epochs: 5), SyntheticRun.History(1, 10), evaluated: false, Monday.AddHours(1));
        return RunFolders.List(folder.Path);
    }

    [Test]
    public void The_Table_Has_A_Row_Per_Run_And_Says_Why_A_Run_Did_Not_Finish()
    {
        using var folder = new TempFolder();

        var lines = RunListing.Text(TwoRuns(folder)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.Match(@"^run\s+state\s+model\s+dataset\s+epochs\s+test acc\.\s+training\s+date \(UTC\)$"));
            Assert.That(lines[2], Does.Match(@"^20261123-090000\s+finished\s+tiny-cnn\s+mnist\s+2/2\s+91\.00%\s+1 min 03 s\s+2026-11-23 09:00$"));
            Assert.That(lines[3], Does.Match(@"^20261123-100000\s+interrupted\s+tiny-cnn\s+mnist\s+1/5\s+—\s+31\.9 s\s+2026-11-23 10:00$"));
            Assert.That(lines[4], Does.StartWith("20261123-100000: interrupted: no final evaluation"));
            Assert.That(lines, Has.Length.EqualTo(5));
            Assert.That(RunListing.Text([]), Is.EqualTo("no runs\n"));
        });
    }

    [Test]
    public void A_Figure_Whose_Value_Cannot_Be_Used_Shows_As_A_Question_Mark_And_The_Problem_Is_Said_Under_The_Table()
    {
        using var folder = new TempFolder();
        var run = SyntheticRunFolder.Write(folder.Path, "20261123-090000", SyntheticRunFolder.Config(epochs: 2), SyntheticRun.History(2, 10), evaluated: false, Monday);
        SyntheticRunFolder.Record(run, "finished", Monday.AddMinutes(-2), SyntheticRunFolder.Config(epochs: 2),
            extra: new() { ["epochs_completed"] = 2, ["test_accuracy"] = 300, ["training_seconds"] = 1e300 });

        var lines = RunListing.Text(RunFolders.List(folder.Path)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(lines[2], Does.Match(@"^20261123-090000\s+finished\s+tiny-cnn\s+mnist\s+2/2\s+\?\s+1 min 03 s\s+2026-11-23 08:58$"));
            Assert.That(lines[3], Is.EqualTo("20261123-090000: cannot read run.json: the field 'test_accuracy' must be a fraction from 0 to 1, but it is the number 300"));
            Assert.That(lines[4], Does.StartWith("20261123-090000: cannot read run.json: the field 'training_seconds' must be seconds from 0 to 1e9"));
            Assert.That(string.Join("\n", lines.Take(3)), Does.Not.Contain("Infinity").And.Not.Contain("E+"), "the table shows no number it cannot use");
        });
    }

    [Test]
    public void The_Json_Document_Has_A_Schema_Version_And_One_Object_Per_Run()
    {
        using var folder = new TempFolder();

        var json = JsonNode.Parse(RunListing.Json(TwoRuns(folder)).ToJsonString())!;
        var first = json["runs"]![0]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(json["schema_version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(json["runs"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(first.Select(pair => pair.Key), Is.EqualTo(new[]
            {
                "folder", "name", "state", "reason", "model", "dataset", "epochs_completed", "epochs_planned", "test_accuracy", "test_loss",
                "training_seconds", "started_utc", "ended_utc", "command", "library_version", "checkpoint", "report", "problems",
            }));
            Assert.That(first["state"]!.GetValue<string>(), Is.EqualTo("finished"));
            Assert.That(first["ended_utc"]!.GetValue<string>(), Is.EqualTo("2026-11-23T09:00:00Z"));
            Assert.That(first["started_utc"], Is.Null, "unknown for a folder without run.json");
            Assert.That(json["runs"]![1]!["test_accuracy"], Is.Null);
            Assert.That(json["runs"]![1]!["state"]!.GetValue<string>(), Is.EqualTo("interrupted"));
        });
    }
}
