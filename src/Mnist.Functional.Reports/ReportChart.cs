using Plotly.NET;

namespace Mnist.Functional.Reports;

/// <summary>One chart of a report: the id of the <c>div</c> it is drawn into, its heading, and the Plotly.NET figure.</summary>
/// <param name="Id">The element id, unique in the page, such as <c>chart-loss</c>.</param>
/// <param name="Heading">The heading shown above the chart.</param>
/// <param name="Figure">The chart's traces, layout and configuration.</param>
internal sealed record ReportChart(string Id, string Heading, GenericChart Figure);
