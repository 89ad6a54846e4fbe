using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Text;

namespace Mnist.Functional.IO;

/// <summary>
/// JSON text for documents the library and the app write (<c>metrics.json</c>, <c>--json</c>, <c>checkpoint.json</c>,
/// experiment results): a number that is NaN or infinite, which JSON cannot hold, is written as <c>null</c>, and the
/// document's <c>non_finite</c> object names each such place with its value, as in
/// <c>"non_finite": { "test_loss": "NaN" }</c>. Writing therefore never fails because of a value.
/// </summary>
public static class JsonText
{
    /// <summary>The field of the top-level object that lists the values written as <c>null</c>.</summary>
    public const string NonFiniteField = "non_finite";

    private static readonly JsonSerializerOptions DefaultOptions = new() { WriteIndented = true };

    // A key twice in one object is refused while parsing: JsonNode would otherwise fail on first use, naming no file.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// The JSON object in <paramref name="text"/>, which came from <paramref name="source"/> (a file, named in messages)
    /// and should be <paramref name="what"/> (with its article, such as <c>a run record</c>).
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The text is not JSON, holds a key twice in one object, or is not an object; the message names the source and
    /// where the text goes wrong.
    /// </exception>
    public static JsonObject ParseObject(string text, string source, string what)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(text, documentOptions: Strict);
        }
        catch (JsonException e)
        {
            var place = e.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}") : "";
            var problem = e.Message.StartsWith("Duplicate property", StringComparison.Ordinal) ? FirstSentence(e.Message).Replace("Duplicate property", "a key appears twice:", StringComparison.Ordinal) : $"it is not valid JSON{place}";
            throw new InvalidDataException($"{OutsideText.Show(source)} is not {what}: {problem}.", e);
        }
        return document as JsonObject ?? throw new InvalidDataException($"{OutsideText.Show(source)} is not {what}: it holds {Kind(document)}, not a JSON object.");
    }

    private static string FirstSentence(string message) => message.Split(" encountered", 2)[0];

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "true or false",
    };

    /// <summary>
    /// <paramref name="document"/> as text (indented unless <paramref name="options"/> say otherwise), with NaN and
    /// infinities written as <c>null</c> and listed under <see cref="NonFiniteField"/>; the document itself is not changed.
    /// </summary>
    public static string Write(JsonNode document, JsonSerializerOptions? options = null)
    {
        var copy = Finite(document, "", out var found);
        if (found.Count > 0 && copy is JsonObject root)
            root[NonFiniteField] = new JsonObject(found.Select(place => KeyValuePair.Create(place.Path, (JsonNode?)place.Value)));
        return copy?.ToJsonString(options ?? DefaultOptions) ?? "null";
    }

    // A copy of node with every non-finite number replaced by null; found lists each one's path and value.
    private static JsonNode? Finite(JsonNode? node, string path, out List<(string Path, string Value)> found)
    {
        found = [];
        return Copy(node, path, found);
    }

    private static JsonNode? Copy(JsonNode? node, string path, List<(string Path, string Value)> found)
    {
        switch (node)
        {
            case JsonObject json:
                return new JsonObject(json.Select(field => KeyValuePair.Create(field.Key, Copy(field.Value, path.Length == 0 ? field.Key : $"{path}.{field.Key}", found))));
            case JsonArray array:
                return new JsonArray([.. array.Select((item, index) => Copy(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"), found))]);
            case JsonValue value when NonFinite(value) is { } text:
                found.Add((path.Length == 0 ? "(document)" : path, text));
                return null;
            default:
                return node?.DeepClone();
        }
    }

    private static string? NonFinite(JsonValue value) =>
        value.TryGetValue<double>(out var number) && !double.IsFinite(number) ? number.ToString(CultureInfo.InvariantCulture)
        : value.TryGetValue<float>(out var single) && !float.IsFinite(single) ? single.ToString(CultureInfo.InvariantCulture)
        : null;
}
