using System.Text;

namespace Mnist.Functional.Testing;

/// <summary>
/// C# source with its comments and the text of its string and character literals blanked out, so that what is left is
/// code: names in prose or in messages are not mistaken for uses. The holes of interpolated strings stay, since they
/// are code. Line breaks are kept, so positions still match lines.
/// </summary>
public static class CodeText
{
    /// <summary>The code of <paramref name="source"/>: comments, string and character literals replaced by spaces.</summary>
    public static string Of(string source)
    {
        var output = new StringBuilder(source.Length);
        var at = 0;
        Code(source, ref at, output, stopAtClosingBrace: false);
        return output.ToString();
    }

    // Copies code until the end, or until the '}' that closes an interpolation hole (which it leaves unread).
    private static void Code(string s, ref int i, StringBuilder o, bool stopAtClosingBrace)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '/' && Next(s, i) == '/')
                Blank(s, ref i, o, s.IndexOf('\n', i) is var end && end < 0 ? s.Length : end);
            else if (c == '/' && Next(s, i) == '*')
                Blank(s, ref i, o, s.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end && end < 0 ? s.Length : end + 2);
            else if (c == '\'')
                CharLiteral(s, ref i, o);
            else if (c is '"' or '$' or '@' && StringStart(s, i) is { } literal)
                StringLiteral(s, ref i, o, literal);
            else
            {
                if (c == '{') depth++;
                if (c == '}' && depth-- == 0 && stopAtClosingBrace) return;
                o.Append(c);
                i++;
            }
        }
    }

    private readonly record struct Literal(int PrefixLength, int Dollars, bool Verbatim, int Quotes);

    // The literal starting at i, if one does: $, @, $@, @$, $$…, followed by one quote or three or more (raw).
    private static Literal? StringStart(string s, int i)
    {
        var j = i;
        var dollars = 0;
        var verbatim = false;
        while (j < s.Length && (s[j] == '$' || s[j] == '@'))
        {
            if (s[j] == '$') dollars++;
            else verbatim = true;
            j++;
        }
        if (j >= s.Length || s[j] != '"' || (j > i && i > 0 && (char.IsLetterOrDigit(s[i - 1]) || s[i - 1] == '_')))
            return null;
        var quotes = 0;
        while (j + quotes < s.Length && s[j + quotes] == '"') quotes++;
        // "" is an empty ordinary string; three or more open a raw string.
        quotes = quotes >= 3 && !verbatim ? quotes : 1;
        return new Literal(j - i, dollars, verbatim, quotes);
    }

    private static void StringLiteral(string s, ref int i, StringBuilder o, Literal literal)
    {
        Blank(s, ref i, o, i + literal.PrefixLength + literal.Quotes);
        var raw = literal.Quotes >= 3;
        var braces = raw ? Math.Max(literal.Dollars, 1) : 1;
        while (i < s.Length)
        {
            var c = s[i];
            if (raw && c == '"' && Run(s, i, '"') >= literal.Quotes)
            {
                Blank(s, ref i, o, i + literal.Quotes);
                return;
            }
            if (!raw && c == '"')
            {
                if (literal.Verbatim && Next(s, i) == '"')
                {
                    Blank(s, ref i, o, i + 2);
                    continue;
                }
                Blank(s, ref i, o, i + 1);
                return;
            }
            if (!raw && !literal.Verbatim && c == '\\')
            {
                Blank(s, ref i, o, Math.Min(s.Length, i + 2));
                continue;
            }
            if (literal.Dollars > 0 && c == '{')
            {
                var run = Run(s, i, '{');
                if (!raw && run >= 2)
                {
                    Blank(s, ref i, o, i + 2);   // {{ is a literal brace
                    continue;
                }
                if (run >= braces)
                {
                    Blank(s, ref i, o, i + run);
                    Code(s, ref i, o, stopAtClosingBrace: true);
                    Blank(s, ref i, o, Math.Min(s.Length, i + Math.Max(1, Math.Min(braces, Run(s, i, '}')))));
                    continue;
                }
            }
            Blank(s, ref i, o, i + 1);
        }
    }

    private static void CharLiteral(string s, ref int i, StringBuilder o)
    {
        var end = i + 1;
        while (end < s.Length && s[end] != '\'' && s[end] != '\n')
            end += s[end] == '\\' ? 2 : 1;
        Blank(s, ref i, o, Math.Min(s.Length, end + 1));
    }

    private static void Blank(string s, ref int i, StringBuilder o, int end)
    {
        for (; i < end && i < s.Length; i++)
            o.Append(s[i] == '\n' ? '\n' : ' ');
    }

    private static char Next(string s, int i) => i + 1 < s.Length ? s[i + 1] : '\0';

    private static int Run(string s, int i, char c)
    {
        var n = 0;
        while (i + n < s.Length && s[i + n] == c) n++;
        return n;
    }
}
