using Mnist.Functional.Checkpoints;
using Mnist.Functional.Runs.Tests.IO;
using static Mnist.Functional.Runs.Tests.Checkpoints.SafeTensorsBytes;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Checkpoints;

public sealed class SafeTensorsHeaderTests
{
    [Test]
    public void A_Well_Formed_Header_With_Metadata_And_Padding_Lists_Its_Tensors_In_Byte_Order()
    {
        var bytes = Of("{" + Entry("b", "F32", "2, 3", 8, 32) + ", " + Entry("a", "I64", "1", 0, 8) +
                       ", \"__metadata__\": {\"format\": \"pt\"}}    ", 32);

        var header = Read(bytes);

        Assert.That(header.Entries.Select(entry => entry.Name), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(header.Entries[1].Shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(header.Entries[1].DType, Is.EqualTo(ScalarType.Float32));
        Assert.That(header.DataStart, Is.EqualTo(bytes.Length - 32));
    }

    [Test]
    public void A_Header_Length_Of_One_GiB_In_A_Small_File_Is_Refused_Before_Anything_Is_Allocated()
    {
        var bytes = Of("{}", 0, claimedLength: 1UL << 30);

        Assert.That(() => Read(bytes), Throws.InstanceOf<SafeTensorsFormatException>()
            .With.Message.Contains("its header length says 1,073,741,824 bytes, but only 2 follow it"));
    }

    [Test]
    public void A_Header_Longer_Than_The_Limit_Is_Refused_After_Reading_Only_Its_Length()
    {
        // A file that really is 1 GiB long: a header length of 32 MiB, then spaces. The reader may take only the first 8 bytes.
        var stream = new CountingStream(RepeatingStream.Constant((byte)' ', 1L << 30, prefix: BitConverter.GetBytes(32L << 20)));

        Assert.That(() => SafeTensorsHeader.Read(stream, 1L << 30, "big.safetensors"),
            Throws.InstanceOf<SafeTensorsFormatException>().With.Message.Contains("more than the 16,777,216 this reader accepts"));
        Assert.That(stream.BytesRead, Is.EqualTo(8));
    }

    [TestCase(new byte[0], "it holds 0 bytes, fewer than the 8-byte header length")]
    [TestCase(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, (byte)'{' }, "too short for a JSON object")]
    public void A_File_Too_Short_For_A_Header_Is_Refused(byte[] bytes, string expected) =>
        Assert.That(() => Read(bytes), Throws.InstanceOf<SafeTensorsFormatException>().With.Message.Contains(expected));

    [TestCase("[1, 2]", "its header is a JSON array, not an object of tensors")]
    [TestCase("{\"w\": 3}", "tensor 'w' is a JSON number in the header")]
    [TestCase("{\"w\": {\"shape\": [], \"data_offsets\": [0, 0]}}", "tensor 'w' has no dtype string")]
    [TestCase("{\"w\": {\"dtype\": \"C64\", \"shape\": [], \"data_offsets\": [0, 8]}}", "tensor 'w' has dtype 'C64', which this reader does not know")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}", "tensor 'w' has no shape array")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", "tensor 'w' has shape item -1, not a non-negative integer")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}", "shape item 1.5, not a non-negative integer")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [\"2\"], \"data_offsets\": [0, 4]}}", "shape item \"2\", not a non-negative integer")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [-4, 0]}}", "data_offsets item -4, not a non-negative integer")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4]}}", "tensor 'w' has 1 data_offsets; there must be two")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 0]}}", "tensor 'w' ends at byte 0, before it begins at byte 4")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", "which takes 8 bytes, but its data_offsets [0, 4] give it 4")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 4]}}", "too large for any file")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1], \"data_offsets\": [0, 4]}}", "17 items in shape, more than 16")]
    [TestCase("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, \"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", "lists tensor 'w' twice")]
    [TestCase("{\"__metadata__\": {\"epoch\": 3}}", "its __metadata__ field 'epoch' is a JSON number, not a string")]
    [TestCase("{\"__metadata__\": []}", "its __metadata__ is a JSON array")]
    [TestCase("{\"w\": ", "its header is not valid JSON")]
    [TestCase("{\"\\ud800\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", "a string in it is not valid Unicode text")]
    [TestCase("{\"w\": {\"dtype\": \"\\udc00\", \"shape\": [1], \"data_offsets\": [0, 4]}}", "a string in it is not valid Unicode text")]
    public void A_Malformed_Header_Is_Refused_Naming_The_Tensor_And_The_Fault(string json, string expected) =>
        Assert.That(() => Read(Of(json, 4)), Throws.InstanceOf<SafeTensorsFormatException>()
            .With.Message.StartsWith("test.safetensors is not a readable safetensors file: ").And.Message.Contains(expected));

    [Test]
    public void Header_Bytes_That_Are_Not_Utf8_Are_Refused()
    {
        var bytes = Of("{\"w\": 1}", 0);
        bytes[10] = 0xFF;

        Assert.That(() => Read(bytes), Throws.InstanceOf<SafeTensorsFormatException>().With.Message.Contains("not valid JSON"));
    }

    [TestCase(0, 12, 12, "tensor 'a' lies at bytes [0, 12) of the data, but the file holds only 8 bytes of data", 8)]
    [TestCase(0, 4, 4, "the tensors cover 8 bytes of data, but the file holds 12: 4 bytes at its end belong to no tensor", 12)]
    [TestCase(4, 8, 8, "the data has 4 unused bytes at [0, 4), before tensor 'a'", 12)]
    public void Tensors_Must_Lie_In_The_File_And_Cover_Its_Data_Exactly(long aBegin, long aEnd, long bBegin, string expected, long dataLength)
    {
        var json = "{" + Entry("a", "F32", ((aEnd - aBegin) / 4).ToString(), aBegin, aEnd) + ", " + Entry("b", "U8", "4", bBegin, bBegin + 4) + "}";

        Assert.That(() => Read(Of(json, dataLength)), Throws.InstanceOf<SafeTensorsFormatException>().With.Message.Contains(expected));
    }

    [Test]
    public void Overlapping_Tensors_Are_Refused_Naming_Both()
    {
        var json = "{" + Entry("a", "F32", "2", 0, 8) + ", " + Entry("b", "F32", "1", 4, 8) + "}";

        Assert.That(() => Read(Of(json, 8)), Throws.InstanceOf<SafeTensorsFormatException>()
            .With.Message.Contains("tensor 'b' at bytes [4, 8) overlaps tensor 'a' at [0, 8)"));
    }

    [Test]
    public void Empty_Tensors_Take_No_Bytes_And_May_Share_An_Offset()
    {
        var json = "{" + Entry("e", "F32", "0, 5", 4, 4) + ", " + Entry("a", "F32", "1", 0, 4) + ", " + Entry("s", "U8", "", 4, 5) + "}";

        Assert.That(Read(Of(json, 5)).Entries.Select(entry => entry.Name), Is.EqualTo(new[] { "a", "e", "s" }));
    }

    [Test]
    public void A_Name_With_Control_Characters_Or_Of_Great_Length_Is_Shown_Escaped_And_Short()
    {
        var name = "evil\\u001b[2J\\nname" + new string('x', 100_000);
        var json = "{\"" + name + "\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 2]}}";

        var error = Assert.Throws<SafeTensorsFormatException>(() => Read(Of(json, 2)))!;

        Assert.That(error.Message, Does.Contain("evil\\u001B[2J\\nname"));
        Assert.That(error.Message.Any(char.IsControl), Is.False, "no control character reaches the message");
        Assert.That(error.Message.Length, Is.LessThan(600));
    }

    private static SafeTensorsHeader Read(byte[] bytes) => SafeTensorsHeader.Read(new MemoryStream(bytes), bytes.Length, "test.safetensors");
}
