using System.Text.RegularExpressions;

namespace Mnist.Functional.Testing;

/// <summary>Reads the README's code blocks and a test file's marked regions, to check that the README's examples are the tests' code word for word.</summary>
public static partial class ReadmeCode
{
    /// <summary>The C# code blocks of the README section that starts with <paramref name="heading"/>, in order.</summary>
    public static string[] Blocks(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root(), "README.md"));
        var section = readme[readme.IndexOf(heading, StringComparison.Ordinal)..];
        return [.. CodeBlock().Matches(section).Select(match => match.Groups["code"].Value)];
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
