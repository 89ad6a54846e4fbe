using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mnist.Functional.Runs.Sweeps;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Runs.Tests.Runs.Sweeps;

/// <summary>docs/sweeps.md shows what the reader does: its sweep files are sweeps, the files it names are the repository's, and its error is the reader's word for word.</summary>
public sealed partial class SweepGuideTests
{
    private const string Guide = "docs/sweeps.md";

    private static string Text() => File.ReadAllText(Path.Combine(Repository.Root(), Guide)).ReplaceLineEndings("\n");

    private static string Sweeps => Path.Combine(Repository.Root(), "scripts", "sweeps");

    // The guide's sweep files name architecture files from scripts/sweeps/, as they would be there.
    private static (string Text, string Source) FromSweeps(string written) => (File.ReadAllText(Path.Combine(Sweeps, written)), written);

    [Test]
    public void Every_Sweep_File_The_Guide_Shows_Is_A_Sweep_And_Each_One_It_Names_Is_The_Repositorys()
    {
        var blocks = JsonBlock().Matches(Text()).Select(match => (Json: match.Groups["json"].Value, File: match.Groups["file"].Value)).ToList();

        Assert.That(blocks, Has.Count.GreaterThanOrEqualTo(2));
        Assert.Multiple(() =>
        {
            foreach (var (json, file) in blocks)
            {
                Assert.That(() => SweepFile.Parse(json, Guide, "guide", FromSweeps), Throws.Nothing, json);
                if (file.Length > 0)
                    Assert.That(JsonNode.DeepEquals(Parsed(json), Parsed(File.ReadAllText(Path.Combine(Repository.Root(), file)))), Is.True, $"{file} is not the guide's block");
            }
        });
    }

    [Test]
    public void Every_Sweep_File_In_The_Repository_Is_Read_With_Its_Architecture_Files()
    {
        // The sweep files, not the architecture files beside them (those have no "vary").
        var sweeps = Directory.GetFiles(Sweeps, "*.json").Where(path => Parsed(File.ReadAllText(path)) is JsonObject json && json.ContainsKey("vary")).ToList();

        Assert.That(sweeps.Select(Path.GetFileName), Is.SupersetOf(new[] { "tiny.json", "fashion-100k.json", "fashion-small.json" }));
        Assert.Multiple(() =>
        {
            foreach (var path in sweeps)
                Assert.That(() => SweepFile.Read(path), Throws.Nothing, path);
        });
    }

    [Test]
    public void The_Guides_Error_Is_The_Readers_Message_For_Its_Bad_File()
    {
        var shown = Regex.Match(Text(), @"^error: bad\.json: .*$", RegexOptions.Multiline).Value;
        var bad = File.ReadAllText(Path.Combine(Sweeps, "tiny.json")).Replace("[0.05, 0.2]", "[0.05, 0]", StringComparison.Ordinal);

        var e = Assert.Throws<InvalidDataException>(() => SweepFile.Parse(bad, "bad.json", "bad"))!;

        Assert.That(shown, Is.EqualTo("error: " + e.Message));
    }

    [Test]
    public void The_Guides_Error_For_A_Bad_Architecture_File_Is_The_Readers_Message()
    {
        // Given the guide's bad-net.json, beside the repository's scripts/ and own-model.md's wrong.json, read from its folder
        var shown = Regex.Match(Text(), @"^error: bad-net\.json: .*$", RegexOptions.Multiline).Value;
        var sweep = Regex.Match(Text(), @"For `bad-net\.json`, `(?<json>[^`]+)`").Groups["json"].Value;
        var wrong = Regex.Match(File.ReadAllText(Path.Combine(Repository.Root(), "docs", "own-model.md")).ReplaceLineEndings("\n"), @"```json\n(?<json>[^`]*""residual""[^`]*)```").Groups["json"].Value
            .Replace("\"in_features\": 3136", "\"in_features\": 3000", StringComparison.Ordinal);
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("scripts/sweeps"));
        File.Copy(Path.Combine(Sweeps, "fashion-wide.json"), folder.File("scripts/sweeps/fashion-wide.json"));
        File.WriteAllText(folder.File("wrong.json"), wrong);
        File.WriteAllText(folder.File("bad-net.json"), sweep);
        var here = Environment.CurrentDirectory;
        Directory.SetCurrentDirectory(folder.Path);
        try
        {
            // When it is read, then the message is the guide's
            var e = Assert.Throws<InvalidDataException>(() => SweepFile.Read("bad-net.json"))!;
            Assert.That(shown, Is.EqualTo("error: " + e.Message));
        }
        finally
        {
            Directory.SetCurrentDirectory(here);
        }
    }

    private static JsonNode? Parsed(string text) =>
        JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });

    // A ```json block, and the repository file the line after it names, as "(`scripts/sweeps/tiny.json`.)".
    [GeneratedRegex(@"```json\n(?<json>.*?)```\n+(?:\(`(?<file>scripts/sweeps/[^`]+)`)?", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
