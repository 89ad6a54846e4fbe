namespace Mnist.Functional.Reports.Tests;

public sealed class MarkdownTableTests
{
    [Test]
    public void Should_Render_Header_Alignment_And_Rows_With_Numbers_Aligned_Right()
    {
        var table = MarkdownTable.Render(["model", "accuracy"], [["fast", "99.19%"], ["mlp", "98.32%"]], numericColumns: new HashSet<int> { 1 });

        Assert.That(table.ReplaceLineEndings("\n"), Is.EqualTo(
            "| model | accuracy |\n" +
            "| --- | ---: |\n" +
            "| fast | 99.19% |\n" +
            "| mlp | 98.32% |\n"));
    }

    [Test]
    public void Should_Escape_Pipes_And_Flatten_Line_Breaks_In_Cells()
    {
        var table = MarkdownTable.Render(["a"], [["x | y\nz"]]);

        Assert.That(table.ReplaceLineEndings("\n").Split('\n')[2], Is.EqualTo("| x \\| y z |"));
    }

    [Test]
    public void A_Row_Of_The_Wrong_Width_Is_Refused_With_Its_Number()
    {
        Assert.That(() => MarkdownTable.Render(["a", "b"], [["1", "2"], ["3"]]),
            Throws.ArgumentException.With.Message.Contains("Row 2 has 1 cells, but the table has 2 columns (a, b)."));
    }
}
