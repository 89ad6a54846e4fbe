using System.Text.Json.Nodes;
using Mnist.Functional.Native;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Reports.Tests;

public sealed class ExperimentReportTests
{
    private static readonly EngineInfo Engine = new("0.107.0", "2.10.0", "cpu", false, "Test CPU", "AVX2", 2, 2, 2);

    private static ExperimentReport Report() => new()
    {
        Name = "seed-sweep",
        Title = "Seed sweep of fast",
        Purpose = "Test accuracy over seeds.",
        Command = "dotnet run -c Release scripts/seed-sweep.cs",
        Settings = [new("seeds", "1, 2")],
        Engine = Engine,
        Sections = [new("Runs", MarkdownTable.Render(["seed", "accuracy"], [["1", "99.10%"], ["2", "99.20%"]]))],
        Results = new JsonObject { ["mean"] = 0.9915 },
        Seconds = 75,
        CreatedAt = new DateTimeOffset(2026, 11, 24, 22, 0, 0, TimeSpan.Zero),
    };

    [Test]
    public void Should_Render_Title_Purpose_Command_Settings_Engine_And_Sections_In_Order()
    {
        var markdown = Report().RenderMarkdown();

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.StartWith("# Seed sweep of fast"));
            Assert.That(markdown, Does.Contain("```sh\ndotnet run -c Release scripts/seed-sweep.cs\n```".ReplaceLineEndings()));
            Assert.That(markdown, Does.Contain("Finished 2026-11-24 22:00:00 UTC after 1 min 15 s; TorchSharp 0.107.0"));
            Assert.That(markdown, Does.Contain("| seeds | 1, 2 |"));
            Assert.That(markdown.IndexOf("## Settings", StringComparison.Ordinal), Is.LessThan(markdown.IndexOf("## Runs", StringComparison.Ordinal)));
            Assert.That(markdown, Does.Contain("| 2 | 99.20% |"));
        });
    }

    [Test]
    public void Write_Puts_The_Markdown_And_The_Json_In_The_Folder()
    {
        using var folder = new TempFolder();
        var target = folder.File("runs/seed-sweep-1");

        var markdown = Report().Write(target);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(target, ExperimentReport.JsonFile)))!;

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Is.EqualTo(Path.Combine(target, ExperimentReport.MarkdownFile)));
            Assert.That(File.ReadAllText(markdown), Is.EqualTo(Report().RenderMarkdown()));
            Assert.That((string?)json["name"], Is.EqualTo("seed-sweep"));
            Assert.That((string?)json["settings"]!["seeds"], Is.EqualTo("1, 2"));
            Assert.That((double?)json["results"]!["mean"], Is.EqualTo(0.9915));
        });
    }

    [Test]
    public void The_Command_Names_The_Script_And_Passes_Its_Arguments_After_The_Separator()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExperimentReport.CommandFor("zoo", []), Is.EqualTo("dotnet run -c Release scripts/zoo.cs"));
            Assert.That(ExperimentReport.CommandFor("zoo", ["fast", "--quick"]), Is.EqualTo("dotnet run -c Release scripts/zoo.cs -- fast --quick"));
        });
    }
}
