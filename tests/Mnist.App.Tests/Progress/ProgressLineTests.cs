using Mnist.App.Progress;

namespace Mnist.App.Tests.Progress;

public sealed class ProgressLineTests
{
    [Test]
    public void Nothing_Is_Drawn_On_A_Writer_That_Is_Not_The_Terminal() =>
        Assert.That(ProgressLine.For(new StringWriter()), Is.Null);

    [TestCase(512L, "512 B")]
    [TestCase(10_008L, "9.8 kB")]
    [TestCase(47_040_016L, "44.9 MB")]
    public void Sizes_Read_As_Bytes_Kilobytes_Or_Megabytes(long bytes, string text) =>
        Assert.That(ProgressLine.Size(bytes), Is.EqualTo(text));
}
