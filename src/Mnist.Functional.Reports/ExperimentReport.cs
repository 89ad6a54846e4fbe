using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;
using Mnist.Functional.Native;

namespace Mnist.Functional.Reports;

/// <summary>
/// What an experiment script found, written under <c>runs/</c> as <c>report.md</c> (for people and the README)
/// and <c>results.json</c> (the same figures for programs): what it measures, how to run it again, its settings,
/// the engine, and its result sections.
/// </summary>
public sealed record ExperimentReport
{
    /// <summary>The report's file for people.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>The report's file for programs.</summary>
    public const string JsonFile = "results.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The experiment's name, such as <c>seed-sweep</c>; it names the output folder.</summary>
    public required string Name { get; init; }

    /// <summary>The report's title, such as <c>Seed sweep of fast on MNIST</c>.</summary>
    public required string Title { get; init; }

    /// <summary>What the experiment measures and how, in a sentence or two.</summary>
    public required string Purpose { get; init; }

    /// <summary>The command that ran it, such as <c>dotnet run -c Release scripts/seed-sweep.cs</c>.</summary>
    public required string Command { get; init; }

    /// <summary>The settings it ran with, in the order they should be listed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    /// <summary>The engine it ran on: versions, CPU and threads.</summary>
    public required EngineInfo Engine { get; init; }

    /// <summary>The results, in order.</summary>
    public IReadOnlyList<ExperimentSection> Sections { get; init; } = [];

    /// <summary>The figures as JSON, saved as the <c>results</c> member of <see cref="JsonFile"/>.</summary>
    public JsonNode? Results { get; init; }

    /// <summary>Wall time of the whole experiment.</summary>
    public double Seconds { get; init; }

    /// <summary>When the experiment finished.</summary>
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.Now;

    /// <summary>The command that runs script <paramref name="script"/> of <c>scripts/</c> with <paramref name="args"/>: <c>dotnet run -c Release scripts/zoo.cs -- fast mlp</c>.</summary>
    public static string CommandFor(string script, IReadOnlyList<string> args) =>
        $"dotnet run -c Release scripts/{script}.cs{(args.Count > 0 ? " -- " + string.Join(' ', args) : "")}";

    /// <summary>The report as Markdown: title, purpose, command, settings, engine, then each section under a <c>##</c> heading.</summary>
    public string RenderMarkdown()
    {
        var markdown = new StringBuilder()
            .AppendLine($"# {Title}").AppendLine()
            .AppendLine(Purpose).AppendLine()
            .AppendLine("```sh").AppendLine(Command).AppendLine("```").AppendLine()
            .AppendLine($"Finished {ReportFormat.Moment(CreatedAt)} after {ReportFormat.Duration(Seconds)}; {Engine.Describe()}.").AppendLine();
        if (Settings.Count > 0)
            markdown.AppendLine("## Settings").AppendLine()
                .Append(MarkdownTable.Render(["setting", "value"], Settings.Select(setting => (IReadOnlyList<string>)[setting.Key, setting.Value])))
                .AppendLine();
        foreach (var section in Sections)
            markdown.AppendLine($"## {section.Heading}").AppendLine().AppendLine(section.Markdown.TrimEnd()).AppendLine();
        return markdown.ToString().TrimEnd() + Environment.NewLine;
    }

    /// <summary>The report as one JSON document: <c>name</c>, <c>title</c>, <c>command</c>, <c>settings</c>, <c>engine</c>, <c>seconds</c>, <c>created_at</c> and <c>results</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["title"] = Title,
        ["command"] = Command,
        ["settings"] = new JsonObject([.. Settings.Select(setting => KeyValuePair.Create(setting.Key, (JsonNode?)setting.Value))]),
        ["engine"] = Engine.Describe(),
        ["seconds"] = Seconds,
        ["created_at"] = CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["results"] = Results?.DeepClone(),
    };

    /// <summary>Writes <see cref="MarkdownFile"/> and <see cref="JsonFile"/> into <paramref name="folder"/> (created if missing), each atomically, and returns the Markdown file's path.</summary>
    public string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var markdown = Path.Combine(folder, MarkdownFile);
        AtomicFile.WriteText(markdown, RenderMarkdown());
        AtomicFile.WriteText(Path.Combine(folder, JsonFile), JsonText.Write(ToJson(), Indented));
        return markdown;
    }

    /// <summary>Prints the Markdown to <paramref name="output"/>, then <see cref="Write"/>s the files into <paramref name="folder"/> and says where.</summary>
    public void Publish(string folder, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(RenderMarkdown());
        output.WriteLine($"written to {Write(folder)}");
    }
}
