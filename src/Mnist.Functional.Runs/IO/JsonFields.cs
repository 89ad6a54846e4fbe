using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnist.Functional.IO;

/// <summary>
/// Reads one field of a JSON document that a file supplied, checking its type and range before the value is
/// used: a wrong field is an <see cref="InvalidDataException"/> that names the file, the field (its dotted
/// path, such as <c>metadata.progress</c>), what it must be, and what it is.
/// </summary>
/// <param name="Source">The file the JSON came from, for messages.</param>
public readonly record struct JsonFields(string Source)
{
    private const int ShownCharacters = 40;

    /// <summary>What a message says to do about a wrong field of a file the library wrote itself (a checkpoint, <c>run.json</c>).</summary>
    public const string DamagedRemedy = "It was changed or damaged after it was written; use another checkpoint or train again.";

    /// <summary>What a message says to do about a wrong field; <see cref="DamagedRemedy"/> unless the file is one a person writes.</summary>
    public string Remedy { get; init; } = DamagedRemedy;

    /// <summary>The whole number at <paramref name="field"/> of <paramref name="json"/>, from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    /// <exception cref="InvalidDataException">The field is missing, not a whole number, or out of range.</exception>
    public long WholeNumber(JsonObject json, string field, long minimum, long maximum, string? prefix = null)
    {
        var node = json[field];
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) && number >= minimum && number <= maximum)
            return number;
        throw Wrong(Path(prefix, field), string.Create(CultureInfo.InvariantCulture, $"a whole number from {minimum} to {maximum}"), node, json.ContainsKey(field));
    }

    /// <summary>
    /// The number at <paramref name="field"/> of <paramref name="json"/>, if <paramref name="valid"/>; <see langword="null"/>
    /// when the field is absent or null and not <paramref name="required"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The field is missing (and required), not a number, or not valid.</exception>
    public double? Number(JsonObject json, string field, string expected, Func<double, bool> valid, bool required = true, string? prefix = null)
    {
        var node = json[field];
        if (node is null && !required)
            return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number) && double.IsFinite(number) && valid(number))
            return number;
        throw Wrong(Path(prefix, field), expected, node, json.ContainsKey(field));
    }

    /// <summary>The true or false at <paramref name="field"/>; <see langword="null"/> when it is absent or null.</summary>
    /// <exception cref="InvalidDataException">The field is something else.</exception>
    public bool? Flag(JsonObject json, string field, string? prefix = null)
    {
        var node = json[field];
        if (node is null)
            return null;
        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return node.GetValue<bool>();
        throw Wrong(Path(prefix, field), "true or false", node);
    }

    /// <summary>The string at <paramref name="field"/> of <paramref name="json"/>.</summary>
    /// <exception cref="InvalidDataException">The field is missing or not a string.</exception>
    public string Text(JsonObject json, string field, string? prefix = null)
    {
        var node = json[field];
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            return value.GetValue<string>();
        throw Wrong(Path(prefix, field), "a string", node, json.ContainsKey(field));
    }

    /// <summary>The object at <paramref name="field"/> of <paramref name="json"/>; an empty one when the field is absent and <paramref name="required"/> is false.</summary>
    /// <exception cref="InvalidDataException">The field is not an object (or is missing and required).</exception>
    public JsonObject Child(JsonObject json, string field, bool required = true, string? prefix = null)
    {
        var node = json[field];
        if (node is JsonObject child)
            return child;
        if (!required && !json.ContainsKey(field))
            return [];
        throw Wrong(Path(prefix, field), "an object", node, json.ContainsKey(field));
    }

    /// <summary>The problem with a field, as an exception: <c>FILE: the field 'epoch' must be …, but it is a string ("3").</c></summary>
    public InvalidDataException Wrong(string field, string expected, JsonNode? found, bool present = true, Exception? inner = null) =>
        new($"{Source}: the field '{field}' must be {expected}, but it {(present ? "is " + Describe(found) : "is missing")}. {Remedy}", inner);

    /// <summary>The strings at <paramref name="field"/>, at least <paramref name="minimum"/> and at most <paramref name="maximum"/> of them, each non-empty.</summary>
    /// <exception cref="InvalidDataException">The field is missing, not an array of non-empty strings, or has too few or too many.</exception>
    public IReadOnlyList<string> Texts(JsonObject json, string field, int minimum, int maximum, string? prefix = null)
    {
        var node = json[field];
        if (node is JsonArray array && array.Count >= minimum && array.Count <= maximum
            && array.All(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0))
            return [.. array.Select(item => item!.GetValue<string>())];
        throw Wrong(Path(prefix, field), string.Create(CultureInfo.InvariantCulture, $"an array of {minimum} to {maximum} non-empty strings"), node, json.ContainsKey(field));
    }

    /// <summary>The whole numbers at <paramref name="field"/>, exactly <paramref name="count"/> of them (any number when <see langword="null"/>), each from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    /// <exception cref="InvalidDataException">The field is missing, not such an array, or has another length.</exception>
    public IReadOnlyList<long> WholeNumbers(JsonObject json, string field, int? count, long minimum, long maximum, string? prefix = null)
    {
        var node = json[field];
        if (node is JsonArray array && (count is null || array.Count == count)
            && array.All(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) && number >= minimum && number <= maximum))
            return [.. array.Select(item => item!.GetValue<long>())];
        throw Wrong(Path(prefix, field), string.Create(CultureInfo.InvariantCulture,
            $"an array of {(count is { } exactly ? $"{exactly} " : "")}whole numbers from {minimum} to {maximum}"), node, json.ContainsKey(field));
    }

    /// <summary>A JSON value in words, shortened: <c>a string ("abc")</c>, <c>an object</c>, <c>null</c>.</summary>
    public static string Describe(JsonNode? node)
    {
        if (node is null) return "null";
        var kind = node.GetValueKind() switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "the number",
            _ => "",
        };
        return kind is "an object" or "an array" ? kind : $"{kind} {Shown(node.ToJsonString())}".Trim();
    }

    /// <summary>Text from a file as a message shows it: at most 40 characters, control characters escaped (<c>\u001B</c>).</summary>
    public static string Shown(string text)
    {
        var shortened = text.Length > ShownCharacters ? text[..ShownCharacters] + "…" : text;
        return string.Concat(shortened.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
    }

    private static string Path(string? prefix, string field) => prefix is null ? field : $"{prefix}.{field}";
}
