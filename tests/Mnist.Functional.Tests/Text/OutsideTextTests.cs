using Mnist.Functional.Text;

namespace Mnist.Functional.Tests.Text;

public sealed class OutsideTextTests
{
    [TestCase("plain name", "plain name")]
    [TestCase("tab\there", "tab\\there")]
    [TestCase("line\nbreak\r", "line\\nbreak\\r")]
    [TestCase("nul\0", "nul\\0")]
    [TestCase("\u001b[2Jclear", "\\u001B[2Jclear")]
    [TestCase("bidi\u202Eevil", "bidi\\u202Eevil")]
    [TestCase("del\u007f", "del\\u007F")]
    [TestCase("ünïcødé and 😀", "ünïcødé and 😀")]
    public void Control_And_Format_Characters_Are_Escaped_And_Others_Kept(string text, string shown) =>
        Assert.That(OutsideText.Show(text), Is.EqualTo(shown));

    [Test]
    public void A_Lone_Surrogate_Is_Escaped() =>
        Assert.That(OutsideText.Show("a\uD800b"), Is.EqualTo("a\\uD800b"));

    [Test]
    public void Ten_Megabytes_Are_Shown_As_Their_Start_And_End_With_The_Count_Left_Out()
    {
        var text = "start" + new string('x', 10_000_000) + "end";

        var shown = OutsideText.Show(text);

        Assert.That(shown, Does.StartWith("startxxx").And.EndWith("xxxend"));
        Assert.That(shown, Does.Contain("…(9,999,848 more characters)…"));
        Assert.That(shown.Length, Is.LessThan(OutsideText.DefaultMaxLength + 40));
    }

    [Test]
    public void Null_Is_Shown_As_None() => Assert.That(OutsideText.Show(null), Is.EqualTo("(none)"));
}
