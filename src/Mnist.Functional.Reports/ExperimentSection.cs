namespace Mnist.Functional.Reports;

/// <summary>One part of an experiment's report: a heading and its Markdown body (a table, a paragraph, a list).</summary>
/// <param name="Heading">The section's heading, without the <c>##</c>.</param>
/// <param name="Markdown">The body, already Markdown (see <see cref="MarkdownTable"/>).</param>
public sealed record ExperimentSection(string Heading, string Markdown);
