using System.Text;

namespace Mnist.Functional.Reports;

/// <summary>One digit on an <see cref="ExplanationSheet"/>.</summary>
/// <param name="Name">The image's file name or the test digit's number, shown above it.</param>
/// <param name="Digit">The digit the model saw, as one grey image: <c>Width × Height</c> bytes, row-major, 0 black.</param>
/// <param name="Width">The digit's width in pixels (28 for MNIST).</param>
/// <param name="Height">The digit's height in pixels.</param>
/// <param name="Heatmap">The map drawn over the digit, a PNG file (see <c>HeatmapOverlay</c>).</param>
/// <param name="Lines">What the model said and what was explained, one line each, such as <c>predicted 7 (99.95%)</c>.</param>
/// <param name="Warnings">Anything to be wary of (a weak answer, a large convergence delta), in words.</param>
public sealed record ExplanationSheetEntry(string Name, byte[] Digit, int Width, int Height, byte[] Heatmap, IReadOnlyList<string> Lines, IReadOnlyList<string> Warnings);

/// <summary>A self-contained HTML page (images inlined as PNG data URIs, no scripts): each digit the model saw beside where it looked.</summary>
public static class ExplanationSheet
{
    /// <summary>The page for <paramref name="entries"/>, titled <paramref name="title"/>, with <paramref name="legend"/> (the method, its settings and how to read the colours) under the title.</summary>
    public static string Render(string title, string legend, IReadOnlyList<ExplanationSheetEntry> entries)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{Html.Text(title)}</title><style>{Css}</style></head><body><h1>{Html.Text(title)}</h1>")
            .Append($"<p class=\"legend\">{Html.Text(legend)}</p><div class=\"sheet\">");
        foreach (var entry in entries)
        {
            var (width, height) = (entry.Width * 5, entry.Height * 5);
            html.Append("<figure class=\"entry").Append(entry.Warnings.Count > 0 ? " weak" : "").Append("\">")
                .Append($"<figcaption>{Html.Text(entry.Name)}</figcaption><div class=\"pair\">")
                .Append($"<img src=\"{GreyPng.ToDataUri(entry.Digit, entry.Width, entry.Height)}\" width=\"{width}\" height=\"{height}\" alt=\"{Html.Text(entry.Name)}: the 28×28 digit the model saw\">")
                .Append($"<img src=\"data:image/png;base64,{Convert.ToBase64String(entry.Heatmap)}\" width=\"{width}\" height=\"{height}\" alt=\"{Html.Text(entry.Name)}: where the model looked\">")
                .Append("</div>");
            foreach (var line in entry.Lines)
                html.Append($"<p>{Html.Text(line)}</p>");
            foreach (var warning in entry.Warnings)
                html.Append($"<p class=\"warning\">{Html.Text(warning)}</p>");
            html.Append("</figure>");
        }
        return html.Append("</div></body></html>").ToString();
    }

    private const string Css = """
        body { margin: 24px; font: 14px/1.4 system-ui, sans-serif; color: #111827; background: #f3f4f6; }
        h1 { font-size: 20px; margin: 0 0 8px; }
        .legend { margin: 0 0 16px; color: #374151; max-width: 70em; }
        .sheet { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 16px; }
        .entry { margin: 0; background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 12px; }
        .entry.weak { border-color: #d97706; }
        figcaption { font-weight: 600; margin-bottom: 8px; overflow-wrap: anywhere; }
        .pair { display: flex; gap: 8px; }
        img { image-rendering: pixelated; display: block; max-width: 48%; height: auto; }
        p { margin: 6px 0 0; }
        .warning { color: #92400e; }
        """;
}
