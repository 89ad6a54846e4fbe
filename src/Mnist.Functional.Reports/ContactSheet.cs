using System.Globalization;

namespace Mnist.Functional.Reports;

/// <summary>One image on a <see cref="ContactSheet"/>: its name, the picture beside the digit the model saw, its most probable classes and any warnings.</summary>
/// <param name="Name">The file name shown above it.</param>
/// <param name="Picture">The person's picture beside the 28×28 digit the model saw, as one grey image: <c>Width × Height</c> bytes, row-major, 0 black.</param>
/// <param name="Width">The picture's width in pixels.</param>
/// <param name="Height">The picture's height in pixels.</param>
/// <param name="Top">The most probable classes, most probable first, with their probabilities (0–1).</param>
/// <param name="Warnings">Why the answer is weak, in words; empty when it is not.</param>
/// <param name="Heatmap">Where the model looked: an attribution map drawn over the 28×28 digit, a PNG file; none if not given.</param>
/// <param name="HeatmapCaption">What the heatmap shows, such as the method and the class it explains.</param>
public sealed record ContactSheetEntry(
    string Name, byte[] Picture, int Width, int Height, IReadOnlyList<(string Label, float Probability)> Top, IReadOnlyList<string> Warnings,
    byte[]? Heatmap = null, string? HeatmapCaption = null);

/// <summary>A self-contained HTML page (images inlined as PNG data URIs, no scripts) with each image beside the 28×28 digit the model saw, where it looked when given, and its top classes as bars.</summary>
public static class ContactSheet
{
    /// <summary>The page for <paramref name="entries"/>, titled <paramref name="title"/>.</summary>
    public static string Render(string title, IReadOnlyList<ContactSheetEntry> entries)
    {
        using var html = new StringWriter(CultureInfo.InvariantCulture);
        Begin(html, title);
        foreach (var entry in entries) Entry(html, entry);
        End(html);
        return html.ToString();
    }

    /// <summary>
    /// Writes the start of the page, titled <paramref name="title"/>; then write each entry with <see cref="Entry"/> as it
    /// comes and finish with <see cref="End"/>, so that a sheet of thousands of images never holds more than one in memory.
    /// </summary>
    public static void Begin(TextWriter html, string title) =>
        html.Write($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{Html.Text(title)}</title><style>{Css}</style></head><body><h1>{Html.Text(title)}</h1><div class=\"sheet\">");

    /// <summary>Writes one image of the page (see <see cref="Begin"/>).</summary>
    public static void Entry(TextWriter html, ContactSheetEntry entry)
    {
        html.Write("<figure class=\"entry");
        html.Write(entry.Warnings.Count > 0 ? " weak" : "");
        html.Write("\">");
        html.Write($"<figcaption>{Html.Text(entry.Name)}</figcaption>");
        html.Write($"<img src=\"{GreyPng.ToDataUri(entry.Picture, entry.Width, entry.Height)}\" width=\"{entry.Width / 2}\" height=\"{entry.Height / 2}\" alt=\"{Html.Text(entry.Name)}: the picture and the 28×28 digit the model saw\">");
        if (entry.Heatmap is { } heatmap)
            html.Write($"<div class=\"where\"><img src=\"data:image/png;base64,{Convert.ToBase64String(heatmap)}\" width=\"{entry.Height / 2}\" height=\"{entry.Height / 2}\" alt=\"{Html.Text(entry.Name)}: where the model looked\"><p>{Html.Text(entry.HeatmapCaption ?? "where the model looked")}</p></div>");
        html.Write("<table>");
        foreach (var (label, probability) in entry.Top)
        {
            var percent = (probability * 100).ToString("0.0", CultureInfo.InvariantCulture);
            html.Write($"<tr><th>{Html.Text(label)}</th><td><span class=\"bar\" style=\"width:{percent}%\"></span></td><td class=\"num\">{percent}%</td></tr>");
        }
        html.Write("</table>");
        foreach (var warning in entry.Warnings)
            html.Write($"<p class=\"warning\">{Html.Text(warning)}</p>");
        html.Write("</figure>");
    }

    /// <summary>Writes the end of the page (see <see cref="Begin"/>).</summary>
    public static void End(TextWriter html) => html.Write("</div></body></html>");

    private const string Css = """
        body { margin: 24px; font: 14px/1.4 system-ui, sans-serif; color: #111827; background: #f3f4f6; }
        h1 { font-size: 20px; margin: 0 0 16px; }
        .sheet { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }
        .entry { margin: 0; background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 12px; }
        .entry.weak { border-color: #d97706; }
        figcaption { font-weight: 600; margin-bottom: 8px; overflow-wrap: anywhere; }
        img { image-rendering: pixelated; display: block; max-width: 100%; height: auto; }
        table { width: 100%; border-collapse: collapse; margin-top: 8px; }
        th { text-align: left; width: 2.5em; }
        td.num { text-align: right; width: 4.5em; font-variant-numeric: tabular-nums; }
        .bar { display: inline-block; height: 10px; background: #2563eb; border-radius: 3px; }
        .warning { color: #92400e; margin: 6px 0 0; }
        .where { display: flex; gap: 8px; align-items: center; margin-top: 8px; }
        .where p { margin: 0; color: #374151; }
        """;
}
