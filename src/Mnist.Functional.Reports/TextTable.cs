using Mnist.Functional.Text;
using System.Text;

namespace Mnist.Functional.Reports;

/// <summary>
/// A plain-text table for a terminal: columns padded to their widest cell, two spaces apart, a rule under the header.
/// Cells often hold text from files (a run's folder name, a model name from its record): each is shown with control
/// characters escaped and, past <see cref="MaxCell"/> characters, shortened, so that no cell can forge a line or
/// stretch the table past reading.
/// </summary>
public static class TextTable
{
    /// <summary>The longest cell shown whole.</summary>
    public const int MaxCell = 80;

    /// <summary>The table; cells of the <paramref name="rightAligned"/> columns align right (numbers), the rest left.</summary>
    public static string Render(IReadOnlyList<string> rawHeaders, IReadOnlyList<IReadOnlyList<string>> rawRows, IReadOnlySet<int>? rightAligned = null)
    {
        var headers = rawHeaders.Select(cell => OutsideText.Show(cell, MaxCell)).ToArray();
        var rows = rawRows.Select(row => row.Select(cell => OutsideText.Show(cell, MaxCell)).ToArray()).ToArray();
        var widths = headers.Select((header, column) => rows.Select(row => column < row.Length ? row[column].Length : 0).Prepend(header.Length).Max()).ToArray();
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
