using System.Text.RegularExpressions;
using Mnist.Functional.Json;
using Mnist.Functional.Layers;
using Mnist.Functional.Testing;
using static Mnist.Functional.Layers.Nn;

namespace Mnist.Functional.Tests.Layers;

/// <summary>docs/architecture.md shows what the code does: its example runs word for word, and its table and messages are the library's.</summary>
public sealed partial class ArchitectureGuideTests
{
    private const string Guide = "docs/architecture.md";
    private const string ThisFile = "tests/Mnist.Functional.Tests/Layers/ArchitectureGuideTests.cs";

    private static string WriteExample(string folder)
    {
        Directory.SetCurrentDirectory(folder);
        // guide: write
        var network = Sequential(
            ("stem", Conv2d(1, 16, 3, padding: 1, bias: false)), ("stem_bn", BatchNorm2d(16)), ("stem_act", LeakyRelu(0.1)),
            ("block", Residual(Sequential(
                Conv2d(16, 16, 3, padding: Padding2d.Same, bias: false), BatchNorm2d(16), Relu,
                Conv2d(16, 16, 3, padding: Padding2d.Same)))),
            ("pool", AvgPool2d(2)), ("drop", Dropout(0.1)), ("flatten", Flatten()), ("head", Linear(16 * 14 * 14, 10)));
        File.WriteAllText("residual.json", ArchitectureJson.Write(network));
        // guide: end
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            // guide: read
            var read = ArchitectureJson.Read(File.ReadAllText("residual.json"), [1, 28, 28], 10, "residual.json");
            Console.WriteLine(read.Equals(network));
            Console.WriteLine(read.Summarize(1, 1, 28, 28));
            // guide: end
        }
        finally
        {
            Console.SetOut(console);
        }
        return output.ToString();
    }

    [Test]
    public void The_Example_Is_The_Guides_Word_For_Word()
    {
        var blocks = ReadmeCode.Blocks(Guide, "## An example");

        Assert.Multiple(() =>
        {
            Assert.That(ReadmeCode.Lines(ReadmeCode.Region(ThisFile, "// guide: write", "// guide: end")), Is.EqualTo(ReadmeCode.Lines(blocks[0])));
            Assert.That(ReadmeCode.Lines(ReadmeCode.Region(ThisFile, "// guide: read", "// guide: end")), Is.EqualTo(ReadmeCode.Lines(blocks[1])));
        });
    }

    [Test]
    public void The_Example_Writes_And_Prints_What_The_Guide_Shows()
    {
        using var folder = new TempFolder();
        var current = Directory.GetCurrentDirectory();
        string printed;
        try
        {
            printed = WriteExample(folder.Path);
        }
        finally
        {
            Directory.SetCurrentDirectory(current);
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(folder.File("residual.json")).TrimEnd('\n'), Is.EqualTo(ReadmeCode.Fenced(Guide, "## An example", 1)));
            Assert.That(printed.ReplaceLineEndings("\n").TrimEnd('\n'), Is.EqualTo(ReadmeCode.Fenced(Guide, "## An example", 3)));
        });
    }

    [Test]
    public void The_Table_Lists_Every_Kind_With_Its_Fields()
    {
        var rows = TableRow().Matches(File.ReadAllText(Path.Combine(Repository.Root(), Guide)))
            .ToDictionary(row => row.Groups["kind"].Value, row => FieldName().Matches(Parenthesised().Replace(row.Groups["fields"].Value, "")).Select(field => field.Groups["name"].Value).ToList());

        Assert.Multiple(() =>
        {
            Assert.That(rows.Keys, Is.EquivalentTo(ArchitectureJson.Kinds.Select(kind => kind.Name)));
            foreach (var kind in ArchitectureJson.Kinds)
                Assert.That(rows.GetValueOrDefault(kind.Name), Is.EqualTo(kind.Fields), kind.Name);
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    public void Each_Bad_File_Of_The_Guide_Gets_The_Message_It_Shows(int example)
    {
        var file = ReadmeCode.Fenced(Guide, "## What reading checks", 2 * example);
        var message = ReadmeCode.Fenced(Guide, "## What reading checks", 2 * example + 1);

        Assert.That(() => ArchitectureJson.Read(file, [1, 28, 28], 10, "bad.json"), Throws.TypeOf<DescriptionException>().With.Message.EqualTo(message));
    }

    // A row of the kinds table: | `kind` | the layer in C# | fields |
    [GeneratedRegex(@"^\| `(?<kind>[a-z_0-9]+)` \| [^|]+ \| (?<fields>[^\n]+) \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    // A field in the fields column: `name`.
    [GeneratedRegex(@"`(?<name>[a-z_0-9]+)`")]
    private static partial Regex FieldName();

    // What the fields column says in parentheses: defaults and notes, not fields.
    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();
}
