using System.Globalization;
using System.Text;

namespace Mnist.Functional.Text;

/// <summary>
/// Text that came from outside the program (a file's contents, a path, an argument), made fit to show in a
/// message: control characters escaped and anything long shortened, so that no name can forge or flood a line.
/// </summary>
public static class OutsideText
{
    /// <summary>The longest text shown whole; longer text keeps its start and end around an ellipsis.</summary>
    public const int DefaultMaxLength = 160;

    /// <summary>
    /// <paramref name="text"/> with control and format characters written as escapes (<c>\n</c>, <c>\t</c>,
    /// <c>\u001B</c>) and, past <paramref name="maxLength"/> characters, shortened to its start and end with the
    /// number of characters left out: <c>abc…(9,950 more characters)…xyz</c>. <c>null</c> is shown as <c>(none)</c>.
    /// </summary>
    public static string Show(string? text, int maxLength = DefaultMaxLength)
    {
        if (text is null)
            return "(none)";
        if (text.Length <= maxLength)
            return Escape(text);
        var keep = Math.Max(maxLength / 2, 1);
        var head = text[..keep];
        var tail = text[^(maxLength - keep)..];
        var omitted = (text.Length - head.Length - tail.Length).ToString("N0", CultureInfo.InvariantCulture);
        return $"{Escape(head)}…({omitted} more characters)…{Escape(tail)}";
    }

    /// <summary>Control and format characters (and lone surrogates) as escapes; everything else as it is.</summary>
    private static string Escape(string text)
    {
        if (!text.Any(NeedsEscape))
            return text;
        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            builder.Append(NeedsEscape(c) ? EscapeOf(c) : c.ToString());
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) ||
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static string EscapeOf(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\0' => "\\0",
        _ => $"\\u{(int)c:X4}",
    };
}
