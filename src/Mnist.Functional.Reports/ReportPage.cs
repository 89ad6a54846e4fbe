namespace Mnist.Functional.Reports;

/// <summary>The frame of every page the library writes: the style sheet and plotly.js inlined once, a masthead, the body, a footer, and the script that draws the charts.</summary>
internal static class ReportPage
{
    /// <summary>A whole HTML document; <paramref name="main"/> is markup already escaped by its maker, the other texts are escaped here.</summary>
    /// <param name="title">The page's title.</param>
    /// <param name="subtitle">The line under the title.</param>
    /// <param name="main">The body, already escaped.</param>
    /// <param name="charts">The charts the body places, drawn by the page's script.</param>
    /// <param name="footer">The footer's text.</param>
    /// <param name="reloadSeconds">Reload the page every this many seconds (a run that goes on); <see langword="null"/> for never.</param>
    public static string Render(string title, string subtitle, string main, IReadOnlyList<ReportChart> charts, string footer, int? reloadSeconds = null) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">{(reloadSeconds is { } seconds ? $"\n<meta http-equiv=\"refresh\" content=\"{seconds}\">" : "")}
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
