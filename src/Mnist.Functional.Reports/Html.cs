using System.Net;
using System.Text;

namespace Mnist.Functional.Reports;

/// <summary>Small builders for HTML text: every piece of data passes through <see cref="Text"/> on its way in.</summary>
internal static class Html
{
    /// <summary>Escapes <paramref name="value"/> for element content and quoted attribute values (<c>&lt; &gt; &amp; " '</c>).</summary>
    public static string Text(string value) => WebUtility.HtmlEncode(value);

    /// <summary>A table with a header row (none when <paramref name="headers"/> is empty) and an optional <paramref name="footer"/> row; every cell is escaped text, and cells of <paramref name="numericColumns"/> align right.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string cssClass = "",
                               IReadOnlySet<int>? numericColumns = null, IReadOnlyList<string>? footer = null)
    {
        string Cell(string tag, string value, int column) =>
            numericColumns?.Contains(column) == true ? $"<{tag} class=\"num\">{Text(value)}</{tag}>" : $"<{tag}>{Text(value)}</{tag}>";

        var html = new StringBuilder();
        html.Append(cssClass.Length == 0 ? "<table>" : $"<table class=\"{Text(cssClass)}\">");
        if (headers.Count > 0)
            html.Append("<thead><tr>").AppendJoin("", headers.Select((header, column) => Cell("th", header, column))).Append("</tr></thead>");
        html.Append("<tbody>");
        foreach (var row in rows)
            html.Append("<tr>").AppendJoin("", row.Select((cell, column) => Cell("td", cell, column))).Append("</tr>");
        html.Append("</tbody>");
        if (footer is not null)
            html.Append("<tfoot><tr>").AppendJoin("", footer.Select((cell, column) => Cell("td", cell, column))).Append("</tr></tfoot>");
        return html.Append("</table>").ToString();
    }

    /// <summary>A two-column table of names and values, for settings and facts.</summary>
    public static string Facts(IEnumerable<KeyValuePair<string, string>> facts) =>
        Table([], facts.Select(fact => (IReadOnlyList<string>)[fact.Key, fact.Value]), "facts");
}
