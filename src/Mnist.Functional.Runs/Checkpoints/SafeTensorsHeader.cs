using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Mnist.Functional.Text;
using static TorchSharp.torch;

namespace Mnist.Functional.Checkpoints;

/// <summary>One tensor listed in a safetensors header: its name, dtype, shape and where its bytes lie.</summary>
/// <param name="Name">The tensor's name (a dotted <c>state_dict</c> path).</param>
/// <param name="DType">Its element type.</param>
/// <param name="Shape">Its shape; <c>[]</c> for a scalar.</param>
/// <param name="Begin">The offset of its first byte, from the end of the header.</param>
/// <param name="End">The offset just past its last byte, from the end of the header.</param>
public sealed record SafeTensorsEntry(string Name, ScalarType DType, long[] Shape, long Begin, long End)
{
    /// <summary>The tensor's length in bytes: <c>End - Begin</c>.</summary>
    public long Length => End - Begin;
}

/// <summary>
/// The checked header of a safetensors file: 8 bytes of little-endian header length, a JSON object of tensors
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}</c>), then the
/// tensors' bytes. Every claim is checked against the file before anything is allocated for it.
/// </summary>
/// <param name="Entries">The tensors, in the order of their bytes.</param>
/// <param name="DataStart">Where the tensors' bytes start in the file: 8 plus the header's length.</param>
public sealed record SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> Entries, long DataStart)
{
    /// <summary>The longest header read (16 MiB: room for hundreds of thousands of tensors; the format's reference reader allows 100 MB).</summary>
    public const long MaxLength = 16L << 20;

    private const int MaxRank = 16;

    private static readonly Dictionary<string, (ScalarType DType, int Size)> DTypes = new(StringComparer.Ordinal)
    {
        ["F64"] = (ScalarType.Float64, 8),
        ["F32"] = (ScalarType.Float32, 4),
        ["F16"] = (ScalarType.Float16, 2),
        ["BF16"] = (ScalarType.BFloat16, 2),
        ["I64"] = (ScalarType.Int64, 8),
        ["I32"] = (ScalarType.Int32, 4),
        ["I16"] = (ScalarType.Int16, 2),
        ["I8"] = (ScalarType.Int8, 1),
        ["U8"] = (ScalarType.Byte, 1),
        ["BOOL"] = (ScalarType.Bool, 1),
    };

    /// <summary>
    /// Reads and checks the header of <paramref name="stream"/> (positioned at the file's start), whose whole length is
    /// <paramref name="fileLength"/>: the header length is within the file and <see cref="MaxLength"/>; the JSON is an
    /// object of well-formed entries with known dtypes; each tensor's byte length is the product of its shape times its
    /// dtype's size; the tensors lie within the file without gaps or overlaps and cover the rest of it exactly.
    /// </summary>
    /// <exception cref="SafeTensorsFormatException">Any of those checks fails; the message names the file and the tensor.</exception>
    public static SafeTensorsHeader Read(Stream stream, long fileLength, string path)
    {
        if (fileLength < 8)
            throw new SafeTensorsFormatException(path, $"it holds {fileLength} bytes, fewer than the 8-byte header length a safetensors file starts with");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var claimed = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (claimed > (ulong)(fileLength - 8))
            throw new SafeTensorsFormatException(path, $"its header length says {Count(claimed)} bytes, but only {Count(fileLength - 8)} follow it: the file is truncated or not a safetensors file");
        if (claimed > MaxLength)
            throw new SafeTensorsFormatException(path, $"its header length says {Count(claimed)} bytes, more than the {Count(MaxLength)} this reader accepts");
        if (claimed < 2)
            throw new SafeTensorsFormatException(path, $"its header length says {claimed} bytes, too short for a JSON object");

        var json = new byte[claimed];
        stream.ReadExactly(json);
        var dataLength = fileLength - 8 - (long)claimed;
        var entries = Parse(json, path);
        CheckLayout(entries, dataLength, path);
        return new SafeTensorsHeader(entries, 8 + (long)claimed);
    }

    private static List<SafeTensorsEntry> Parse(byte[] json, string path)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new SafeTensorsFormatException(path, "its header is not valid JSON (it is not UTF-8 text)");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(path, $"its header is not valid JSON ({OutsideText.Show(e.Message)})", e);
        }
        using (document)
        {
            try
            {
                return ParseEntries(document.RootElement, path);
            }
            catch (InvalidOperationException e)
            {
                // A name or string with an escaped lone surrogate (\ud800) is valid JSON syntax but not text.
                throw new SafeTensorsFormatException(path, "its header is not valid JSON (a string in it is not valid Unicode text)", e);
            }
        }
    }

    private static List<SafeTensorsEntry> ParseEntries(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException(path, $"its header is a JSON {Kind(root)}, not an object of tensors");
        var entries = new List<SafeTensorsEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!names.Add(property.Name))
                throw new SafeTensorsFormatException(path, $"its header lists tensor '{OutsideText.Show(property.Name)}' twice");
            if (property.Name == "__metadata__")
            {
                CheckMetadata(property.Value, path);
                continue;
            }
            entries.Add(ParseEntry(property.Name, property.Value, path));
        }
        return entries;
    }

    private static void CheckMetadata(JsonElement metadata, string path)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException(path, $"its __metadata__ is a JSON {Kind(metadata)}, not an object of strings");
        foreach (var item in metadata.EnumerateObject())
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new SafeTensorsFormatException(path, $"its __metadata__ field '{OutsideText.Show(item.Name)}' is a JSON {Kind(item.Value)}, not a string");
    }

    private static SafeTensorsEntry ParseEntry(string name, JsonElement entry, string path)
    {
        var shown = OutsideText.Show(name);
        if (entry.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException(path, $"tensor '{shown}' is a JSON {Kind(entry)} in the header, not an object with dtype, shape and data_offsets");

        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new SafeTensorsFormatException(path, $"tensor '{shown}' has no dtype string");
        var dtypeName = dtypeElement.GetString()!;
        if (!DTypes.TryGetValue(dtypeName, out var dtype))
            throw new SafeTensorsFormatException(path, $"tensor '{shown}' has dtype '{OutsideText.Show(dtypeName)}', which this reader does not know (it reads {string.Join(", ", DTypes.Keys)})");

        var shape = Integers(entry, "shape", shown, path);
        if (shape.Length > MaxRank)
            throw new SafeTensorsFormatException(path, $"tensor '{shown}' has {shape.Length} dimensions, more than {MaxRank}");
        var offsets = Integers(entry, "data_offsets", shown, path);
        if (offsets.Length != 2)
            throw new SafeTensorsFormatException(path, $"tensor '{shown}' has {offsets.Length} data_offsets; there must be two, [begin, end]");
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
            throw new SafeTensorsFormatException(path, $"tensor '{shown}' ends at byte {Count(end)}, before it begins at byte {Count(begin)}");

        var bytes = ByteLength(shape, dtype.Size)
                    ?? throw new SafeTensorsFormatException(path, $"tensor '{shown}' has shape [{string.Join(", ", shape)}], too large for any file");
        if (bytes != end - begin)
            throw new SafeTensorsFormatException(path,
                $"tensor '{shown}' is {dtypeName} of shape [{string.Join(", ", shape)}], which takes {Count(bytes)} bytes, but its data_offsets [{begin}, {end}] give it {Count(end - begin)}");
        return new SafeTensorsEntry(name, dtype.DType, shape, begin, end);
    }

    private static long[] Integers(JsonElement entry, string field, string shown, string path)
    {
        if (!entry.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new SafeTensorsFormatException(path, $"tensor '{shown}' has no {field} array");
        if (array.GetArrayLength() > MaxRank)
            throw new SafeTensorsFormatException(path, $"tensor '{shown}' has {array.GetArrayLength()} items in {field}, more than {MaxRank}");
        return array.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var value) && value >= 0
                ? value
                : throw new SafeTensorsFormatException(path, $"tensor '{shown}' has {field} item {OutsideText.Show(item.GetRawText(), 40)}, not a non-negative integer"))
            .ToArray();
    }

    /// <summary>The product of <paramref name="shape"/> times <paramref name="elementSize"/>, or null if it overflows 64 bits.</summary>
    private static long? ByteLength(long[] shape, int elementSize)
    {
        try
        {
            return shape.Aggregate((long)elementSize, (product, size) => checked(product * size));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The tensors, sorted by offset, must tile [0, <paramref name="dataLength"/>) exactly: no gap, no overlap, nothing past the end.</summary>
    private static void CheckLayout(List<SafeTensorsEntry> entries, long dataLength, string path)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        var next = 0L;
        SafeTensorsEntry? previous = null;
        foreach (var entry in entries)
        {
            if (entry.End > dataLength)
                throw new SafeTensorsFormatException(path, $"tensor '{OutsideText.Show(entry.Name)}' lies at bytes [{entry.Begin}, {entry.End}) of the data, but the file holds only {Count(dataLength)} bytes of data");
            if (entry.Begin < next)
                throw new SafeTensorsFormatException(path, $"tensor '{OutsideText.Show(entry.Name)}' at bytes [{entry.Begin}, {entry.End}) overlaps tensor '{OutsideText.Show(previous!.Name)}' at [{previous.Begin}, {previous.End})");
            if (entry.Begin > next)
                throw new SafeTensorsFormatException(path, $"the data has {Count(entry.Begin - next)} unused bytes at [{next}, {entry.Begin}), before tensor '{OutsideText.Show(entry.Name)}'");
            next = entry.End;
            previous = entry;
        }
        if (next != dataLength)
            throw new SafeTensorsFormatException(path, $"the tensors cover {Count(next)} bytes of data, but the file holds {Count(dataLength)}: {Count(dataLength - next)} bytes at its end belong to no tensor");
    }

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Count(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>
/// A file is not a well-formed safetensors file; the message names the file and what is wrong. (An
/// <see cref="IOException"/>, because <see cref="InvalidDataException"/> is sealed.)
/// </summary>
/// <param name="filePath">The file.</param>
/// <param name="problem">What is wrong, without a final full stop.</param>
/// <param name="inner">The exception that revealed it, if any.</param>
public sealed class SafeTensorsFormatException(string filePath, string problem, Exception? inner = null)
    : IOException($"{OutsideText.Show(filePath)} is not a readable safetensors file: {problem}.", inner)
{
    /// <summary>The file.</summary>
    public string FilePath { get; } = filePath;
}
