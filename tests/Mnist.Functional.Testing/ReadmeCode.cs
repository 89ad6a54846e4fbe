using System.Text.RegularExpressions;

namespace Mnist.Functional.Testing;

/// <summary>Reads the code blocks of the README and the guides in <c>docs/</c>, and a test file's marked regions, to check that the documents' examples are the tests' code word for word.</summary>
public static partial class ReadmeCode
{
    /// <summary>
    /// The C# code blocks of <paramref name="document"/> (a path from the repository's root, such as <c>docs/deploy.md</c>)
    /// from the line <paramref name="heading"/> on, in order.
    /// </summary>
    public static string[] Blocks(string document, string heading) =>
        [.. CodeBlock().Matches(Section(document, heading)).Select(match => match.Groups["code"].Value)];

    /// <summary>The text of fenced block number <paramref name="index"/> (from 0, any language) from the line <paramref name="heading"/> on in <paramref name="document"/>.</summary>
    public static string Fenced(string document, string heading, int index)
    {
        var block = Section(document, heading).Split("```")[2 * index + 1];
        return block[(block.IndexOf('\n', StringComparison.Ordinal) + 1)..].TrimEnd('\n');
    }

    // From the line that is exactly `heading` to the end, so that "## Data" cannot match "### Data in code".
    private static string Section(string document, string heading)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root(), document)).ReplaceLineEndings("\n");
        var at = ("\n" + text).IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"{document} has no line '{heading}'.");
        return text[at..];
    }

    /// <summary>The lines of <paramref name="relativePath"/> between the line holding <paramref name="start"/> and the one holding <paramref name="end"/>.</summary>
    public static string Region(string relativePath, string start, string end)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root(), relativePath));
        var from = text.IndexOf('\n', text.IndexOf(start, StringComparison.Ordinal)) + 1;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    /// <summary>The lines with their common indentation removed, without XML doc lines or blank lines at either end.</summary>
    public static string[] Lines(string code)
    {
        var lines = code.Replace("\r", "").Split('\n').Where(line => !line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToArray();
        var indent = lines.Where(line => line.Trim().Length > 0).Min(line => line.Length - line.TrimStart().Length);
        return lines.Select(line => line.Trim().Length == 0 ? "" : line[indent..].TrimEnd()).ToArray();
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
