using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

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
