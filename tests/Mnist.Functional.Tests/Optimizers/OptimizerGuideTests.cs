using System.Text.Json;
using System.Text.RegularExpressions;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Tests.Optimizers;

/// <summary>docs/optimizers.md shows what the code does: its example runs word for word, and its tables are the library's.</summary>
public sealed partial class OptimizerGuideTests
{
    private const string Guide = "docs/optimizers.md";

    private static string Example()
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            // guide: example
            var plan = new OptimizerPlan(
                [new ClipByGlobalNorm(1.0), new AddDecayedWeights(5e-4), new Trace(0.9, Nesterov: true)],
                new SchedulePlan.LinearWarmUp(Duration.Epochs(0.5), new SchedulePlan.CosineDecay(0.1)));
            Console.Write(OptimizerJson.Write(plan));
            // guide: end
        }
        finally
        {
            Console.SetOut(console);
        }
        return output.ToString();
    }

    [Test]
    public void The_Example_Is_The_Guides_Word_For_Word_And_Writes_What_It_Shows() =>
        Assert.Multiple(() =>
        {
            Assert.That(ReadmeCode.Lines(ReadmeCode.Region("tests/Mnist.Functional.Tests/Optimizers/OptimizerGuideTests.cs", "// guide: example", "// guide: end")),
                Is.EqualTo(ReadmeCode.Lines(ReadmeCode.Blocks(Guide, "## An example")[0])));
            Assert.That(Example().TrimEnd('\n'), Is.EqualTo(ReadmeCode.Fenced(Guide, "## An example", 1)));
        });

    [Test]
    public void The_Names_Tables_Are_What_The_Names_Expand_To()
    {
        var rows = NameRow().Matches(File.ReadAllText(Path.Combine(Repository.Root(), Guide))).ToDictionary(row => row.Groups["name"].Value, row => row.Groups["json"].Value);

        Assert.Multiple(() =>
        {
            foreach (var kind in Enum.GetValues<OptimizerKind>())
                Assert.That(rows.GetValueOrDefault(ByName.Name(kind)), Is.EqualTo(OptimizerJson.Canonical(kind.Plan(kind.DefaultLearningRate()))), ByName.Name(kind));
            foreach (var kind in Enum.GetValues<ScheduleKind>())
                Assert.That(rows.GetValueOrDefault(ByName.Name(kind)), Is.EqualTo(OptimizerJson.ToJson(new OptimizerPlan([], kind.Plan(0.1)))["learning_rate"]!.ToJsonString()), ByName.Name(kind));
        });
    }

    [Test]
    public void The_Tables_List_Every_Transform_And_Schedule_With_Its_Fields()
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root(), Guide));
        var rows = KindRow().Matches(text).ToDictionary(row => row.Groups["kind"].Value, row => FieldName().Matches(row.Groups["fields"].Value).Select(field => field.Groups["name"].Value).ToList());

        Assert.Multiple(() =>
        {
            foreach (var (kind, fields) in OptimizerJson.TransformKinds.Concat(OptimizerJson.ScheduleKinds))
                Assert.That(rows.GetValueOrDefault(kind), Is.EqualTo(fields), kind);
            Assert.That(() => JsonDocument.Parse(ReadmeCode.Fenced(Guide, "## An example", 1)), Throws.Nothing);
        });
    }

    // A row of the names tables: | `sgd` | `{...}` |
    [GeneratedRegex(@"^\| `(?<name>[a-z]+)` \| `(?<json>[^`]+)` \|$", RegexOptions.Multiline)]
    private static partial Regex NameRow();

    // A row of the kinds tables: | `kind` (…) | C# | fields | …
    [GeneratedRegex(@"^\| `(?<kind>[a-z_0-9]+)`[^|]* \| [^|]+ \| (?<fields>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex KindRow();

    // A field in the fields column: `name` followed by its default in parentheses, a comma, a colon or the end.
    [GeneratedRegex(@"`(?<name>[a-z_0-9]+)`(?= \(|,|:| *$)")]
    private static partial Regex FieldName();
}
