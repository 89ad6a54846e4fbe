using System.Text.RegularExpressions;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Tests.Robustness;

/// <summary>
/// The README's robustness table shows the figures of the two reports that docs/robustness.md prints, as the command
/// printed them, so that the front door and the guide cannot drift apart.
/// </summary>
public sealed partial class RobustnessFiguresDocumentTests
{
    [TestCase("fast")]
    [TestCase("robust")]
    public void The_READMEs_rows_are_the_guides_report(string model)
    {
        var report = GuideReport(model);
        var rows = ReadmeRows(model);
        string[] Row(int column) => [report.Clean, .. report.ByEpsilon.Where(row => row[0] is "0.10" or "0.20" or "0.30").Select(row => row[column])];

        Assert.Multiple(() =>
        {
            Assert.That(rows.Keys, Is.EquivalentTo(new[] { "FGSM", "PGD-40" }), "one row per attack");
            Assert.That(rows["FGSM"], Is.EqualTo(Row(1).Append(report.Mean)), "clean, FGSM at ε 0.1, 0.2, 0.3, the corruptions' mean");
            Assert.That(rows["PGD-40"], Is.EqualTo(Row(2).Append("")), "clean, PGD-40 at ε 0.1, 0.2, 0.3");
        });
    }

    // The table `mnist robustness` printed for the model, as the guide shows it: the clean accuracy, the corruptions'
    // mean, and each ε's row (ε, FGSM, PGD).
    private static (string Clean, string Mean, IReadOnlyList<string[]> ByEpsilon) GuideReport(string model)
    {
        var guide = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "robustness.md")).ReplaceLineEndings("\n");
        var block = CodeBlock().Matches(guide).Select(match => match.Groups["body"].Value)
            .Single(body => body.StartsWith($"model            {model} (", StringComparison.Ordinal));
        string Field(string name) => Regex.Match(block, $@"(?m)^{name}\s+(\S+%)$").Groups[1].Value;
        var byEpsilon = EpsilonRow().Matches(block).Select(match => new[] { match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value }).ToList();
        Assert.That(byEpsilon, Has.Count.EqualTo(6), $"the guide's report of {model} has six ε");
        return (Field("clean accuracy"), Field("mean"), byEpsilon);
    }

    // The README's rows of the model in its robustness section, by attack: the cells after the label.
    private static Dictionary<string, string[]> ReadmeRows(string model)
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root(), "README.md")).ReplaceLineEndings("\n");
        const string Heading = "### How it holds up\n";
        Assert.That(readme, Does.Contain(Heading), "the README's robustness section");
        var section = readme[(readme.IndexOf(Heading, StringComparison.Ordinal) + Heading.Length)..];
        section = section[..(section.IndexOf("\n#", StringComparison.Ordinal) is var end and >= 0 ? end : section.Length)];
        return section.Split('\n')
            .Where(line => line.StartsWith($"| `{model}`", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .ToDictionary(cells => cells[0].Split(", ")[^1], cells => cells[1..]);
    }

    [GeneratedRegex(@"(?ms)^```[a-z]*\n(?<body>.*?)^```$")]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"(?m)^(0\.\d\d)\s+(\S+%)\s+(\S+%)$")]
    private static partial Regex EpsilonRow();
}
