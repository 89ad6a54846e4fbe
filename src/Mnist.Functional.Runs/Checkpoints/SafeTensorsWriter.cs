using System.Buffers.Binary;
using System.Text.Json;
using static TorchSharp.torch;

namespace Mnist.Functional.Checkpoints;

/// <summary>
/// Writes tensors in the safetensors format laid out as the reference writer (Hugging Face's <c>safetensors</c>)
/// lays them out: the header padded with spaces to a multiple of 8 bytes, and the tensors ordered by element
/// size (largest first), then by name, so that each one starts at an offset its element size divides and a
/// reader can map it in place.
/// </summary>
/// <remarks>
/// Layout: <c>u64 N</c> (little-endian), <c>N</c> bytes of JSON
/// <c>{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}</c>, then the tensors' bytes,
/// little-endian, C order, offsets counted from the end of the header.
/// </remarks>
internal static class SafeTensorsWriter
{
    private const int Alignment = 8;

    /// <summary>Writes <paramref name="tensors"/> (contiguous, on the CPU) to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">A tensor has a dtype safetensors cannot hold.</exception>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var ordered = tensors.OrderByDescending(entry => ElementSize(entry.Value.dtype)).ThenBy(entry => entry.Key, StringComparer.Ordinal).ToList();
        var header = Header(ordered);
        var padding = (Alignment - header.Length % Alignment) % Alignment;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(header.Length + padding));
        stream.Write(length);
        stream.Write(header);
        stream.Write(Enumerable.Repeat((byte)' ', padding).ToArray());
        foreach (var (_, tensor) in ordered)
            stream.Write(tensor.bytes);
    }

    private static byte[] Header(IEnumerable<KeyValuePair<string, Tensor>> ordered)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                var size = tensor.numel() * ElementSize(tensor.dtype);
                json.WriteStartObject(name);
                json.WriteString("dtype", DtypeName(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var dimension in tensor.shape) json.WriteNumberValue(dimension);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += size;
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new ArgumentException($"A {dtype} tensor cannot be written to safetensors."),
    };

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new ArgumentException($"A {dtype} tensor cannot be written to safetensors."),
    };
}
