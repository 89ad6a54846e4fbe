using System.Text.RegularExpressions;
using Mnist.Functional.Testing;

namespace Mnist.Functional.Tests;

/// <summary>The README and the guides in <c>docs/</c> link to files that exist and to headings those files have, as GitHub names them.</summary>
public sealed partial class DocumentLinkTests
{
    private static IEnumerable<string> Documents() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root(), "docs"), "*.md").Prepend(Path.Combine(Repository.Root(), "README.md")).Order();

    [TestCaseSource(nameof(Documents))]
    public void Every_Relative_Link_Finds_Its_File_And_Heading(string document)
    {
        var text = WithoutCode(File.ReadAllText(document));
        var broken = new List<string>();
        foreach (Match link in Link().Matches(text))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            var (file, anchor) = target.Split('#', 2) is [var f, var a] ? (f, a) : (target, null);
            var path = file.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, file));
            if (!File.Exists(path) && !Directory.Exists(path))
                broken.Add($"{target}: no {path}");
            else if (anchor is not null && File.Exists(path) && !Anchors(path).Contains(anchor))
                broken.Add($"{target}: {Path.GetFileName(path)} has no heading #{anchor}");
        }
        Assert.That(broken, Is.Empty, Path.GetFileName(document));
    }

    // GitHub's anchor for a heading: lower case, punctuation dropped (backticks, dots, parentheses, '+'), spaces as hyphens.
    private static HashSet<string> Anchors(string file) =>
        [.. WithoutCode(File.ReadAllText(file)).Split('\n').Where(line => line.StartsWith('#'))
            .Select(line => Slug().Replace(line.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-'))];

    private static string WithoutCode(string markdown) => FencedCode().Replace(markdown.ReplaceLineEndings("\n"), "");

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"[^\p{L}\p{Nd} _-]")]
    private static partial Regex Slug();

    [GeneratedRegex(@"(?ms)^\s*```.*?^\s*```")]
    private static partial Regex FencedCode();
}
