using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Mnist.Functional.Checkpoints;
using Mnist.Functional.Parameters;
using Mnist.Functional.Testing;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs.Tests.Checkpoints;

/// <summary>The safetensors layout: a header padded to 8 bytes and every tensor at an offset its element size divides.</summary>
public sealed class SafeTensorsWriterTests
{
    [Test]
    public void The_Header_Is_Padded_With_Spaces_And_Every_Tensor_Starts_At_An_Aligned_Offset()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var tensors = Params.Of(
            ("a.byte", tensor(new byte[] { 1, 2, 3 })),
            ("b.half", ones(3, dtype: float16)),
            ("c.weight", randn(3, 5)),
            ("d.num_batches_tracked", tensor(7L)),
            ("e.double", randn(2, dtype: float64)));

        SafeTensorsFile.Save(folder.File("t.safetensors"), tensors);

        var bytes = File.ReadAllBytes(folder.File("t.safetensors"));
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var headerText = Encoding.UTF8.GetString(bytes, 8, headerLength);
        var header = JsonNode.Parse(headerText)!.AsObject();
        var sizes = new Dictionary<string, int> { ["U8"] = 1, ["F16"] = 2, ["F32"] = 4, ["I64"] = 8, ["F64"] = 8 };
        Assert.Multiple(() =>
        {
            Assert.That((8 + headerLength) % 8, Is.Zero, "the data starts at a multiple of 8");
            Assert.That(headerText.TrimEnd(' '), Does.EndWith("}"), "the padding is spaces after the JSON");
            foreach (var (name, entry) in header)
            {
                var begin = entry!["data_offsets"]![0]!.GetValue<long>();
                var size = sizes[entry["dtype"]!.GetValue<string>()];
                Assert.That((8 + headerLength + begin) % size, Is.Zero, $"{name} starts at an offset its element size ({size}) divides");
            }
            Assert.That(header.Select(entry => entry.Key), Is.EqualTo(new[] { "d.num_batches_tracked", "e.double", "c.weight", "b.half", "a.byte" }), "largest elements first, then by name");
            Assert.That(bytes, Has.Length.EqualTo(8 + headerLength + 3 + 6 + 60 + 8 + 16));
        });
    }

    [Test]
    public void What_It_Writes_Reads_Back_Bit_For_Bit_In_Every_Dtype()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var tensors = Params.Of(
            ("weight", randn(4, 3)), ("double", randn(3, dtype: float64)), ("half", randn(5).to(float16)),
            ("count", tensor(12L)), ("flags", tensor(new[] { true, false })), ("bytes", tensor(new byte[] { 0, 255 })));

        SafeTensorsFile.Save(folder.File("t.safetensors"), tensors);
        var loaded = SafeTensorsFile.Load(folder.File("t.safetensors"));

        Assert.Multiple(() =>
        {
            foreach (var (path, expected) in tensors)
            {
                Assert.That(loaded[path].dtype, Is.EqualTo(expected.dtype), path);
                Assert.That(loaded[path].shape, Is.EqualTo(expected.shape), path);
                Assert.That(loaded[path].equal(expected).all().item<bool>(), Is.True, path);
            }
        });
    }
}
