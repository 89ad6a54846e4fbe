using System.Text;
using System.Text.Json.Nodes;
using Mnist.Functional.Json;

namespace Mnist.Functional.Tests.Json;

public sealed class JsonFormTests
{
    [Test]
    public void Pretty_Keeps_What_Fits_On_A_Line_And_Breaks_Up_The_Rest()
    {
        var json = new JsonObject
        {
            ["version"] = 1,
            ["short"] = new JsonArray(1, 2),
            ["items"] = new JsonArray([.. Enumerable.Range(0, 8).Select(i => (JsonNode)new JsonObject { ["kind"] = "item", ["number"] = i, ["text"] = new string('x', 10) })]),
        };

        Assert.That(JsonForm.Pretty(json), Is.EqualTo("""
            {
              "version": 1,
              "short": [1, 2],
              "items": [
                { "kind": "item", "number": 0, "text": "xxxxxxxxxx" },
                { "kind": "item", "number": 1, "text": "xxxxxxxxxx" },
                { "kind": "item", "number": 2, "text": "xxxxxxxxxx" },
                { "kind": "item", "number": 3, "text": "xxxxxxxxxx" },
                { "kind": "item", "number": 4, "text": "xxxxxxxxxx" },
                { "kind": "item", "number": 5, "text": "xxxxxxxxxx" },
                { "kind": "item", "number": 6, "text": "xxxxxxxxxx" },
                { "kind": "item", "number": 7, "text": "xxxxxxxxxx" }
              ]
            }

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Pretty_Text_Parses_Back_To_The_Same_Compact_Text()
    {
        var json = new JsonObject { ["a"] = 1e-5, ["b"] = new JsonArray("x", true, null), ["c"] = new JsonObject() };

        using var document = JsonForm.Parse(JsonForm.Pretty(json), "test", "a test", 1000, 8);

        Assert.That(document.RootElement.GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), Is.EqualTo(JsonForm.Compact(json)));
    }

    [Test]
    public void Parsing_Refuses_Text_Over_The_Limit_Before_Parsing_It() =>
        Assert.That(() => JsonForm.Parse("{}" + new string(' ', 100), "big.json", "a test", 50, 8),
            Throws.TypeOf<DescriptionException>().With.Message.EqualTo("big.json: 102 characters is too long for a test; the most is 50. Check that this is the right file."));

    [Test]
    public void A_Stream_Is_Read_Only_To_Its_Limit()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{" + new string(' ', 10_000) + "}"));
        stream.ReadByte();

        Assert.That(() => JsonForm.Parse(new NonSeekable(stream), "pipe", "a test", 5_000, 8), Throws.TypeOf<DescriptionException>().With.Message.Contains("more than 5,000 bytes"));
        Assert.That(stream.Position, Is.LessThanOrEqualTo(5_001 + 1));
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
