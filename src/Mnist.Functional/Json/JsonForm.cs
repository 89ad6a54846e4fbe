using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnist.Functional.Json;

/// <summary>
/// Reading and writing the JSON forms of the library's values (architectures, optimizers): bounded parsing that turns
/// every failure into a <see cref="DescriptionException"/>, and the two ways of writing, for people and for comparison.
/// </summary>
internal static class JsonForm
{
    /// <summary>The longest line <see cref="Pretty"/> makes of an object holding others, its indentation included.</summary>
    private const int LineWidth = 120;

    /// <summary>
    /// The document in <paramref name="text"/>, parsed with comments and trailing commas allowed (for hand-written files),
    /// duplicate fields refused, and at most <paramref name="maxDepth"/> levels of nesting; its root is an object. The
    /// caller disposes it.
    /// </summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="source">Where it came from, to start messages.</param>
    /// <param name="what">What it should be, for messages: <c>an architecture</c>.</param>
    /// <param name="maxCharacters">The longest text accepted.</param>
    /// <param name="maxDepth">The deepest JSON nesting accepted.</param>
    /// <param name="depthRule">The rule behind <paramref name="maxDepth"/>, in words, for the message that refuses deeper nesting.</param>
    /// <exception cref="DescriptionException">The text is too long, not JSON, too deeply nested, or not an object.</exception>
    public static JsonDocument Parse(string text, string source, string what, int maxCharacters, int maxDepth, string? depthRule = null)
    {
        if (text.Length > maxCharacters)
            throw new DescriptionException(source, "", string.Create(CultureInfo.InvariantCulture,
                $"{text.Length:N0} characters is too long for {what}; the most is {maxCharacters:N0}. Check that this is the right file."));
        return Parsed(() => JsonDocument.Parse(text.AsMemory().TrimStart('\uFEFF'), Options(maxDepth)), source, what, maxDepth, depthRule);
    }

    /// <summary>The document in <paramref name="stream"/>, read as UTF-8 up to <paramref name="maxBytes"/> bytes (a file's length is checked before any is read), then parsed as <see cref="Parse(string, string, string, int, int, string?)"/> does.</summary>
    /// <exception cref="DescriptionException">The stream holds more than <paramref name="maxBytes"/> bytes, or its text is refused.</exception>
    public static JsonDocument Parse(Stream stream, string source, string what, int maxBytes, int maxDepth, string? depthRule = null)
    {
        DescriptionException TooLong() => new(source, "", string.Create(CultureInfo.InvariantCulture,
            $"it holds more than {maxBytes:N0} bytes, too many for {what}. Check that this is the right file."));

        if (stream.CanSeek && stream.Length - stream.Position > maxBytes)
            throw TooLong();
        // Read into pooled buffers, so that a stream cut off at the limit leaves nothing behind; what is kept is copied out.
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var length = 0;
        try
        {
            int read;
            while ((read = stream.Read(buffer, length, (int)Math.Min(buffer.Length - length, maxBytes + 1L - length))) > 0)
            {
                length += read;
                if (length > maxBytes)
                    throw TooLong();
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            return Parse(buffer.AsSpan(0, length).ToArray(), source, what, maxDepth, depthRule);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> bytes, string source, string what, int maxDepth, string? depthRule)
    {
        if (bytes.Span.StartsWith(Encoding.UTF8.Preamble))
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
            throw new DescriptionException(source, "", $"it is not UTF-8 text. {Capitalised(what)} is a JSON object in UTF-8.");
        return Parsed(() => JsonDocument.Parse(bytes, Options(maxDepth)), source, what, maxDepth, depthRule);
    }

    private static JsonDocumentOptions Options(int maxDepth) => new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
        MaxDepth = maxDepth,
    };

    private static JsonDocument Parsed(Func<JsonDocument> parse, string source, string what, int maxDepth, string? depthRule)
    {
        JsonDocument document;
        try
        {
            document = parse();
        }
        catch (JsonException e) when (e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            throw new DescriptionException(source, "", string.Create(CultureInfo.InvariantCulture,
                $"it nests deeper than {what} may{Where(e)}: at most {maxDepth} levels of JSON{(depthRule is null ? "" : $", {depthRule}")}. Flatten the nesting."));
        }
        catch (JsonException e) when (e.Message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            throw new DescriptionException(source, "", $"an object in it has a field twice ({FirstSentence(e.Message)}). Keep one of the two.");
        }
        catch (JsonException e)
        {
            throw new DescriptionException(source, "", $"it is not valid JSON{Where(e)}: {FirstSentence(e.Message)}. {Capitalised(what)} is a JSON object in UTF-8.");
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object)
            return document;
        var found = FieldReader.Describe(document.RootElement);
        document.Dispose();
        throw new DescriptionException(source, "", $"{Capitalised(what)} is a JSON object, {{ … }}, but this is {found}.");
    }

    /// <summary>The object <paramref name="node"/> as a document to read (for a description inside a larger document already parsed); the caller disposes it.</summary>
    public static JsonDocument Document(JsonNode node) => JsonDocument.Parse(node.ToJsonString());

    /// <summary>One line with no spaces, fields in the order they were written: the form two descriptions are compared by.</summary>
    public static string Compact(JsonNode node) => node.ToJsonString();

    /// <summary>
    /// Indented for a person to read and edit: an object of plain values (a layer, a transform) stays on one line,
    /// <c>{ "kind": "conv2d", "in_channels": 1, … }</c>, and so does anything else whose one-line form fits in a line and
    /// holds no list of several objects; lists of objects have one item a line.
    /// </summary>
    public static string Pretty(JsonNode node)
    {
        var text = new StringBuilder();
        Write(node, text, "");
        return text.Append('\n').ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text, string indent)
    {
        var line = OneLine(node);
        if (node is not (JsonObject or JsonArray) || IsFlat(node) || (line.Length + indent.Length <= LineWidth && !HoldsList(node)))
        {
            text.Append(line);
            return;
        }
        var inner = indent + "  ";
        if (node is JsonObject json)
        {
            text.Append("{\n");
            var first = true;
            foreach (var (key, value) in json)
            {
                text.Append(first ? "" : ",\n").Append(inner).Append(JsonValue.Create(key).ToJsonString()).Append(": ");
                Write(value, text, inner);
                first = false;
            }
            text.Append('\n').Append(indent).Append('}');
            return;
        }
        var array = (JsonArray)node;
        text.Append("[\n");
        for (var i = 0; i < array.Count; i++)
        {
            text.Append(i == 0 ? "" : ",\n").Append(inner);
            Write(array[i], text, inner);
        }
        text.Append('\n').Append(indent).Append(']');
    }

    // A list of two or more objects (layers, transforms) reads best one item a line, and so does what holds one.
    private static bool HoldsList(JsonNode? node) => node switch
    {
        JsonArray list => list.Count(item => item is JsonObject) > 1 || list.Any(HoldsList),
        JsonObject json => json.Any(field => HoldsList(field.Value)),
        _ => false,
    };

    // An object of plain values and lists of plain values (a layer, a transform): one line, however long, reads best.
    private static bool IsFlat(JsonNode node) =>
        node is JsonObject json && json.All(field => field.Value is not (JsonObject or JsonArray) || field.Value is JsonArray list && list.All(item => item is not (JsonObject or JsonArray)));

    private static string OneLine(JsonNode? node) => node switch
    {
        JsonObject json when json.Count == 0 => "{}",
        JsonObject json => "{ " + string.Join(", ", json.Select(field => JsonValue.Create(field.Key).ToJsonString() + ": " + OneLine(field.Value))) + " }",
        JsonArray array => "[" + string.Join(", ", array.Select(OneLine)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private static string Where(JsonException e) =>
        e.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {e.BytePositionInLine + 1})") : "";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
