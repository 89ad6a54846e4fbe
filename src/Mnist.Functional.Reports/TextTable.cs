using System.Text;

namespace Mnist.Functional.Reports;

/// <summary>A plain-text table for a terminal: columns padded to their widest cell, two spaces apart, a rule under the header.</summary>
public static class TextTable
{
    /// <summary>The table; cells of the <paramref name="rightAligned"/> columns align right (numbers), the rest left.</summary>
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlySet<int>? rightAligned = null)
    {
        var widths = headers.Select((header, column) => rows.Select(row => column < row.Count ? row[column].Length : 0).Prepend(header.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.AppendJoin("  ", cells.Select((cell, column) => rightAligned?.Contains(column) == true ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column])))
                .Append('\n');
        Line(headers);
        Line(widths.Select(width => new string('-', width)).ToArray());
        foreach (var row in rows) Line(row);
        // Trailing spaces of the last, left-aligned column help no one.
        return string.Join('\n', text.ToString().Split('\n').Select(line => line.TrimEnd()));
    }
}
