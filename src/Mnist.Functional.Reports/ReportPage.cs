namespace Mnist.Functional.Reports;

/// <summary>The frame of every page the library writes: the style sheet and plotly.js inlined once, a masthead, the body, a footer, and the script that draws the charts.</summary>
internal static class ReportPage
{
    /// <summary>A whole HTML document; <paramref name="main"/> is markup already escaped by its maker, the other texts are escaped here.</summary>
    public static string Render(string title, string subtitle, string main, IReadOnlyList<ReportChart> charts, string footer) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Html.Text(title)}</title>
        <style>
        {ReportStyle.Css}
        </style>
        {PlotlyEmbedding.LibraryScript()}
        </head>
        <body>
        <header class="masthead">
        <h1>{Html.Text(title)}</h1>
        <p>{Html.Text(subtitle)}</p>
        </header>
        <main>
        {main}
        </main>
        <footer>{Html.Text(footer)}</footer>
        {PlotlyEmbedding.DrawScript(charts)}
        </body>
        </html>

        """;
}
