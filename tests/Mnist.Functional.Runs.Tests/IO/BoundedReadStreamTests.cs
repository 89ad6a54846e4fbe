using Mnist.Functional.IO;

namespace Mnist.Functional.Runs.Tests.IO;

public sealed class BoundedReadStreamTests
{
    [Test]
    public void Content_Of_Exactly_The_Limit_Reads_Whole()
    {
        using var bounded = new BoundedReadStream(new MemoryStream(new byte[100]), 100, () => new InvalidOperationException("too long"));

        bounded.CopyTo(Stream.Null);

        Assert.That(bounded.BytesRead, Is.EqualTo(100));
    }

    [Test]
    public void Content_Longer_Than_The_Limit_Throws_After_Reading_At_Most_One_Byte_More()
    {
        var source = new CountingStream(RepeatingStream.Constant(0, 1L << 40));
        using var bounded = new BoundedReadStream(source, 1000, () => new InvalidOperationException("too long"));

        Assert.That(() => bounded.CopyTo(Stream.Null), Throws.InvalidOperationException.With.Message.EqualTo("too long"));
        Assert.That(source.BytesRead, Is.EqualTo(1001));
    }

    [Test]
    public async Task Reading_Asynchronously_Is_Bounded_The_Same_Way()
    {
        var source = new CountingStream(RepeatingStream.Constant(0, 1L << 40));
        await using var bounded = new BoundedReadStream(source, 1000, () => new InvalidOperationException("too long"));

        Assert.That(async () => await bounded.CopyToAsync(Stream.Null), Throws.InvalidOperationException);
        Assert.That(source.BytesRead, Is.EqualTo(1001));
    }
}
