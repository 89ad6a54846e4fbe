using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;

namespace Mnist.Functional.Runs;

/// <summary>
/// Reads the files of one run folder for a listing, never failing on what they hold: a file or field that is absent is
/// unknown; one that is there but not what it should be (not JSON, a key twice, a state that is a number, an accuracy
/// of 300) is a problem, said with its file and field, and the figure it would have given is marked damaged.
/// </summary>
internal sealed class RunFileFields
{
    private readonly List<string> problems = [];
    private readonly HashSet<string> damaged = [];

    /// <summary>What was wrong, one sentence each, each starting with the file's full path.</summary>
    public IReadOnlyList<string> Problems => problems;

    /// <summary>The figures (<see cref="SavedRun"/>'s property names) whose recorded value could not be used.</summary>
    public IReadOnlySet<string> Damaged => damaged;

    /// <summary>The JSON object in the file <paramref name="path"/>, <paramref name="what"/>; <see langword="null"/> when it is absent (or empty, if <paramref name="emptyIsNone"/>) or unreadable.</summary>
    public JsonObject? Object(string path, string what, bool emptyIsNone = false)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var text = InputFile.ReadAllText(path, what, 64L << 20);
            return emptyIsNone && text.Trim().Length == 0 ? null : JsonText.ParseObject(text, path, what);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            problems.Add(e.Message.TrimEnd('.'));
            return null;
        }
    }

    /// <summary>The number at <paramref name="field"/> if it is finite and <paramref name="valid"/>; a problem when it is there but is not.</summary>
    public double? Number(JsonObject? json, string file, string field, string expected, Func<double, bool> valid, string figure)
    {
        if (Present(json, field) is not { } node) return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number) && double.IsFinite(number) && valid(number))
            return number;
        return Wrong(file, field, expected, node, figure);
    }

    /// <summary>The whole number at <paramref name="field"/> if it is from <paramref name="minimum"/> to <paramref name="maximum"/>; a problem when it is there but is not.</summary>
    public int? Whole(JsonObject? json, string file, string field, int minimum, int maximum, string figure)
    {
        if (Present(json, field) is not { } node) return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) && number >= minimum && number <= maximum)
            return number;
        Wrong(file, field, string.Create(CultureInfo.InvariantCulture, $"a whole number from {minimum:N0} to {maximum:N0}"), node, figure);
        return null;
    }

    /// <summary>The string at <paramref name="field"/>; a problem when it is there but is something else.</summary>
    public string? Text(JsonObject? json, string file, string field, string figure)
    {
        if (Present(json, field) is not { } node) return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            return value.GetValue<string>();
        Wrong(file, field, "a string", node, figure);
        return null;
    }

    /// <summary>The UTC moment (ISO 8601) at <paramref name="field"/>; a problem when it is there but is not one.</summary>
    public DateTimeOffset? Moment(JsonObject? json, string file, string field, string figure)
    {
        if (Text(json, file, field, figure) is not { } text) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
            return moment;
        Wrong(file, field, "a moment such as 2026-11-29T20:41:07Z", Present(json, field), figure);
        return null;
    }

    /// <summary>The object at <paramref name="field"/>; a problem when it is there but is something else.</summary>
    public JsonObject? Child(JsonObject? json, string file, string field, string figure)
    {
        if (Present(json, field) is not { } node) return null;
        if (node is JsonObject child) return child;
        Wrong(file, field, "an object", node, figure);
        return null;
    }

    /// <summary>Notes a problem that is not about one field.</summary>
    public void Problem(string text) => problems.Add(text);

    // The field's node (a dotted path, such as results.test.accuracy, goes down into objects), or null when the object or
    // the field is absent or the value is JSON null (nothing recorded).
    private static JsonNode? Present(JsonObject? json, string field) => RunResultJson.Find(json, field);

    private double? Wrong(string file, string field, string expected, JsonNode? found, string figure)
    {
        problems.Add($"{file}: the field '{field}' must be {expected}, but it is {JsonFields.Describe(found)}");
        damaged.Add(figure);
        return null;
    }
}
