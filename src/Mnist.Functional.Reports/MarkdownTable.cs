using System.Text;

namespace Mnist.Functional.Reports;

/// <summary>A GitHub-flavoured Markdown table, for experiment reports and the README.</summary>
public static class MarkdownTable
{
    /// <summary>
    /// The table as Markdown lines: a header row, the alignment row (<c>---:</c> for <paramref name="numericColumns"/>,
    /// <c>---</c> otherwise), then one line per row. A <c>|</c> in a cell is escaped and a line break becomes a space.
    /// </summary>
    /// <exception cref="ArgumentException">A row has a different number of cells than there are headers.</exception>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlySet<int>? numericColumns = null)
    {
        var markdown = new StringBuilder();
        markdown.AppendLine(Line(headers));
        markdown.AppendLine(Line(headers.Select((_, column) => numericColumns?.Contains(column) == true ? "---:" : "---").ToList()));
        foreach (var (row, index) in rows.Select((row, index) => (row, index)))
        {
            if (row.Count != headers.Count)
                throw new ArgumentException($"Row {index + 1} has {row.Count} cells, but the table has {headers.Count} columns ({string.Join(", ", headers)}).", nameof(rows));
            markdown.AppendLine(Line(row));
        }
        return markdown.ToString();
    }

    private static string Line(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells.Select(Cell)) + " |";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
