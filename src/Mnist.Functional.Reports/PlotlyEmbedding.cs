using System.Text;
using Plotly.NET;

namespace Mnist.Functional.Reports;

/// <summary>
/// Puts Plotly.NET charts into a page that works offline: plotly.js inlined once, from the copy
/// Plotly.NET carries inside its assembly, and each chart drawn into its own <c>div</c>.
/// </summary>
internal static class PlotlyEmbedding
{
    /// <summary>The plotly.js version Plotly.NET carries, such as <c>2.28.0</c>.</summary>
    public static string Version => global::Globals.PLOTLYJS_VERSION;

    private static readonly Lazy<string> Source = new(() => ReadScriptResource($"Plotly.NET.plotly-{Version}.min.js"));

    // The minified library points to this file for the licences of what it bundles; it is a run of JS comments.
    private static readonly Lazy<string> BundledLicences = new(() => ReadScriptResource($"Plotly.NET.plotly-{Version}.min.js.LICENSE.txt"));

    /// <summary>plotly.js itself (about 3.6 MB), minified, as Plotly.NET embeds it.</summary>
    public static string PlotlyJs => Source.Value;

    /// <summary>The <c>script</c> element that defines <c>Plotly</c>: the licence notices, then the library; once per page, in its head.</summary>
    public static string LibraryScript() =>
        $"<script>/* plotly.js {Version} (MIT licence), inlined from the Plotly.NET package so the report works offline. */\n{BundledLicences.Value}\n{PlotlyJs}\n</script>";

    /// <summary>The element a chart is drawn into; its height comes from the chart's layout, its width from the page.</summary>
    public static string Placeholder(ReportChart chart) =>
        $"<div id=\"{Html.Text(chart.Id)}\" class=\"chart\" role=\"img\" aria-label=\"{Html.Text(chart.Heading)}\"></div>";

    /// <summary>A script that draws every chart into its placeholder once plotly.js is loaded.</summary>
    public static string DrawScript(IEnumerable<ReportChart> charts)
    {
        var script = new StringBuilder("<script>\nconst charts = [\n");
        foreach (var chart in charts)
            script.Append("  [").Append(ScriptSafe(System.Text.Json.JsonSerializer.Serialize(chart.Id))).Append(", ")
                  .Append(ScriptSafe(GenericChart.toJson(chart.Figure))).Append("],\n");
        return script.Append("];\nfor (const [id, figure] of charts) Plotly.newPlot(id, figure.data, figure.layout, figure.config);\n</script>").ToString();
    }

    /// <summary>
    /// JSON that can sit inside a <c>script</c> element: every <c>&lt;</c> becomes <c>\u003c</c>, so no
    /// class name or label can close the element early. JSON has <c>&lt;</c> only inside strings, where the escape means the same.
    /// </summary>
    public static string ScriptSafe(string json) => json.Replace("<", "\\u003c", StringComparison.Ordinal);

    private static string ReadScriptResource(string name)
    {
        var assembly = typeof(GenericChart).Assembly;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Plotly.NET {assembly.GetName().Version} does not carry {name}; the report cannot embed plotly.js.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var source = reader.ReadToEnd();
        // Inlined in a script element, a closing tag inside the text would end the element early.
        if (source.Contains("</script", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{name} contains '</script' and cannot be inlined.");
        return source;
    }
}
