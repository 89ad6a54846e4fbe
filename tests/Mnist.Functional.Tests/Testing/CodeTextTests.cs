using Mnist.Functional.Testing;

namespace Mnist.Functional.Tests.Testing;

public sealed class CodeTextTests
{
    [TestCase("a // Hidden\nb", "a", "b")]
    [TestCase("a /* Hidden */ b", "a", "b")]
    [TestCase("x = \"Hidden \\\" Hidden\"; y = Shown;", "x =", "y = Shown;")]
    [TestCase("x = @\"Hidden \"\" Hidden\"; y = Shown;", "x =", "y = Shown;")]
    [TestCase("x = $\"Hidden {Shown} {{Hidden}}\";", "x =", "Shown", ";")]
    [TestCase("x = $\"{(a ? \"Hidden\" : Shown)}\";", "(a ?", ": Shown)")]
    [TestCase("x = \"\"\"\n  Hidden \"Hidden\"\n  \"\"\"; y = Shown;", "x =", "; y = Shown;")]
    [TestCase("x = $$\"\"\"{Hidden} {{Shown}}\"\"\"; y = Shown;", "x =", "Shown", "; y = Shown;")]
    [TestCase("c = '\"'; d = Shown;", "c =", "; d = Shown;")]
    public void Comments_And_Literal_Text_Are_Blanked_Holes_Kept_In_Place(string source, params string[] shown)
    {
        var code = CodeText.Of(source);

        Assert.Multiple(() =>
        {
            Assert.That(code, Does.Not.Contain("Hidden"));
            Assert.That(code, Has.Length.EqualTo(source.Length), "every character keeps its place");
            Assert.That(code.Select((c, i) => (c, i)).Where(pair => pair.c == '\n').Select(pair => pair.i), Is.EqualTo(source.Select((c, i) => (c, i)).Where(pair => pair.c == '\n').Select(pair => pair.i)));
            foreach (var text in shown)
                Assert.That(code.IndexOf(text, StringComparison.Ordinal), Is.EqualTo(source.IndexOf(text, StringComparison.Ordinal)).And.Not.Negative, text);
        });
    }
}
