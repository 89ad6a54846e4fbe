using System.Text.RegularExpressions;

namespace Mnist.Functional.Reports.Tests;

public sealed class ExplanationSheetTests
{
    private static readonly byte[] Digit = new byte[28 * 28];
    private static readonly byte[] Heatmap = GreyPng.Encode(new byte[4], 2, 2);

    [Test]
    public void Each_Digit_Stands_Beside_Its_Heatmap_Both_Inlined_With_Its_Lines_And_Warnings()
    {
        var entries = new ExplanationSheetEntry[]
        {
            new("test digit 0", Digit, 28, 28, Heatmap, ["predicted 7 (99.95%)", "explained: 7"], []),
            new("four.png", Digit, 28, 28, Heatmap, ["predicted 9 (61.56%)"], ["a weak answer"]),
        };

        var html = ExplanationSheet.Render("Where fast looked", "integrated-gradients of the logit", entries);

        Assert.Multiple(() =>
        {
            Assert.That(Regex.Count(html, "<figure class=\"entry"), Is.EqualTo(2));
            Assert.That(html, Does.Contain($"src=\"{GreyPng.ToDataUri(Digit, 28, 28)}\" width=\"140\" height=\"140\""), "the digit, enlarged five times");
            Assert.That(Regex.Count(html, $"src=\"data:image/png;base64,{Convert.ToBase64String(Heatmap)}\""), Is.EqualTo(2), "each heatmap");
            Assert.That(html, Does.Contain("<p>predicted 7 (99.95%)</p><p>explained: 7</p>"));
            Assert.That(Regex.Count(html, "<figure class=\"entry weak\">"), Is.EqualTo(1), "only the entry with a warning is marked");
            Assert.That(html, Does.Contain("<p class=\"warning\">a weak answer</p>"));
            Assert.That(html, Does.Contain("<p class=\"legend\">integrated-gradients of the logit</p>"));
            Assert.That(html, Does.Not.Contain("<script"), "offline and script-free");
        });
    }

    [Test]
    public void Names_Lines_And_The_Title_Are_Escaped()
    {
        var html = ExplanationSheet.Render("<b>title</b>", "a & b",
            [new("<img src=x onerror=alert(1)>.png", Digit, 28, 28, Heatmap, ["\"quoted\" <line>"], ["<warning>"])]);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<img src=x"));
            Assert.That(html, Does.Not.Contain("<b>title</b>"));
            Assert.That(html, Does.Not.Contain("<line>"));
            Assert.That(html, Does.Not.Contain("<warning>"));
            Assert.That(html, Does.Contain("a &amp; b"));
        });
    }
}
