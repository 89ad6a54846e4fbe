using System.Globalization;
using System.Text.Json;
using Mnist.Functional.Text;

namespace Mnist.Functional.Json;

/// <summary>
/// Reads the fields of one JSON object of a description, checking each one's type and range as it is read, and at the
/// end that the object has no field it did not read. Every problem is a <see cref="DescriptionException"/> that names
/// the source, the field's full path (<c>layers[3].inner.kernel_size</c>), what it must be and what it is.
/// </summary>
/// <remarks>It reads a <see cref="JsonElement"/> of a parsed document, which makes no object per field: a large file costs little more than its bytes.</remarks>
/// <param name="json">The object.</param>
/// <param name="source">Where the description came from, for messages.</param>
/// <param name="path">The object's own path in the description; empty for the top level.</param>
internal sealed class FieldReader(JsonElement json, string source, string path)
{
    private const int ShownCharacters = 40;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    /// <summary>This object's path in the description.</summary>
    public string Path => path;

    /// <summary>The path of <paramref name="field"/> of this object.</summary>
    public string PathOf(string field) => path.Length == 0 ? field : $"{path}.{field}";

    /// <summary>Whether the object has <paramref name="field"/> (with any value, <c>null</c> included).</summary>
    public bool Has(string field) => json.TryGetProperty(field, out _);

    /// <summary>The string at <paramref name="field"/>; <paramref name="fallback"/> when absent, and required when that is <see langword="null"/>.</summary>
    public string Text(string field, string? fallback = null)
    {
        if (Take(field, fallback is null) is not { } value) return fallback!;
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Wrong(field, "a string", value);
    }

    /// <summary>The string at <paramref name="field"/>, which must be one of <paramref name="choices"/>; a near miss (case, separators) is named in the message.</summary>
    public string Choice(string field, IReadOnlyCollection<string> choices, string? fallback = null)
    {
        var text = Text(field, fallback);
        if (choices.Contains(text)) return text;
        var near = Nearest(text, choices);
        throw Wrong(field, $"one of {string.Join(", ", choices)}{(near is null ? "" : $" (did you mean {near}?)")}", json.GetProperty(field));
    }

    /// <summary>The whole number at <paramref name="field"/>, from <paramref name="minimum"/> to <paramref name="maximum"/>; <paramref name="fallback"/> when absent.</summary>
    public long WholeNumber(string field, long minimum, long maximum, long? fallback = null) =>
        Take(field, fallback is null) is { } value ? WholeNumber(value, field, minimum, maximum) : fallback!.Value;

    /// <summary>The whole number in <paramref name="value"/>, read as the field <paramref name="field"/> of this object.</summary>
    public long WholeNumber(JsonElement value, string field, long minimum, long maximum)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out var whole) && whole >= minimum && whole <= maximum)
                return whole;
            if (value.TryGetDouble(out var number) && number == Math.Floor(number) && number >= minimum && number <= maximum)
                return (long)number;
        }
        throw Wrong(field, Range(minimum, maximum), value);
    }

    /// <summary>The finite number at <paramref name="field"/> that <paramref name="valid"/> accepts (<paramref name="expected"/> says which in words); <paramref name="fallback"/> when absent.</summary>
    public double Number(string field, string expected, Func<double, bool> valid, double? fallback = null)
    {
        if (Take(field, fallback is null) is not { } value) return fallback!.Value;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) && valid(number))
            return number;
        throw Wrong(field, expected, value);
    }

    /// <summary>The <c>true</c> or <c>false</c> at <paramref name="field"/>; <paramref name="fallback"/> when absent.</summary>
    public bool Flag(string field, bool fallback)
    {
        if (Take(field, required: false) is not { } value) return fallback;
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Wrong(field, "true or false", value);
    }

    /// <summary>The object at <paramref name="field"/>, as a reader of its own; <see langword="null"/> when absent and not <paramref name="required"/>.</summary>
    public FieldReader? Object(string field, bool required = true)
    {
        if (Take(field, required) is not { } value) return null;
        return value.ValueKind == JsonValueKind.Object ? new(value, source, PathOf(field)) : throw Wrong(field, "an object, { … }", value);
    }

    /// <summary>The objects in the list at <paramref name="field"/>, from <paramref name="minCount"/> to <paramref name="maxCount"/>, each as a reader of its own (paths <c>field[i]</c>), made one at a time.</summary>
    public IEnumerable<FieldReader> Objects(string field, int minCount, int maxCount)
    {
        var value = Take(field, required: true)!.Value;
        if (value.ValueKind != JsonValueKind.Array)
            throw Wrong(field, "a list, [ … ]", value);
        var count = value.GetArrayLength();
        if (count < minCount || count > maxCount)
            throw Wrong(field, string.Create(CultureInfo.InvariantCulture, $"a list of {minCount:N0} to {maxCount:N0} items"), value, string.Create(CultureInfo.InvariantCulture, $"a list of {count:N0}"));
        return Items(value, PathOf(field));
    }

    /// <summary>The value at <paramref name="field"/> (for fields of several forms); <see langword="null"/> when absent and not <paramref name="required"/>.</summary>
    public JsonElement? Raw(string field, bool required = false) => Take(field, required);

    /// <summary>Refuses the object if it has a field that was not read: <c>layers[2] has a field 'padd' that a conv2d does not have; its fields are …</c>.</summary>
    public void NoOtherFields(string what, IEnumerable<string> fields)
    {
        foreach (var property in json.EnumerateObject())
        {
            if (read.Contains(property.Name)) continue;
            var known = fields.ToList();
            var near = Nearest(property.Name, known);
            throw Fault(PathOf(Shown(property.Name)),
                $"is a field that {what} does not have{(near is null ? "" : $" (did you mean {near}?)")}; its fields are {(known.Count == 0 ? "none but kind" : string.Join(", ", known))}. Remove it or correct its name");
        }
    }

    /// <summary>The problem with <paramref name="field"/> of this object: <c>the field 'x' must be …, but it is ….</c></summary>
    public DescriptionException Wrong(string field, string expected, JsonElement? found, string? foundText = null) =>
        Fault(PathOf(field), $"must be {expected}, but it is {foundText ?? Describe(found)}");

    /// <summary>A problem with the field at <paramref name="fieldPath"/>, given as what follows its name.</summary>
    public DescriptionException Fault(string fieldPath, string problem) =>
        new(source, fieldPath, $"the field '{fieldPath}' {problem}.");

    /// <summary>A JSON value in words, shortened: <c>the string "abc"</c>, <c>an object</c>, <c>the number 3</c>, <c>null</c>.</summary>
    public static string Describe(JsonElement? value) => value?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string {Shown(value.Value.GetRawText())}",
        JsonValueKind.Number => $"the number {Shown(value.Value.GetRawText())}",
        _ => value.Value.GetRawText(),
    };

    /// <summary>The JSON name of a C# property: <c>MaxNorm</c> is <c>max_norm</c>, <c>Beta1</c> is <c>beta1</c>.</summary>
    public static string FieldName(string propertyName) =>
        string.Concat(propertyName.Select((c, i) => char.IsUpper(c) && i > 0 && char.IsLower(propertyName[i - 1]) ? $"_{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    /// <summary>"a whole number from 1 to 4,096"</summary>
    public static string Range(long minimum, long maximum) =>
        maximum == long.MaxValue || maximum == int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"a whole number of at least {minimum:N0}")
            : string.Create(CultureInfo.InvariantCulture, $"a whole number from {minimum:N0} to {maximum:N0}");

    private IEnumerable<FieldReader> Items(JsonElement array, string listPath)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = string.Create(CultureInfo.InvariantCulture, $"{listPath}[{index++}]");
            yield return item.ValueKind == JsonValueKind.Object ? new FieldReader(item, source, itemPath) : throw Fault(itemPath, $"must be an object, {{ … }}, but it is {Describe(item)}");
        }
    }

    private JsonElement? Take(string field, bool required)
    {
        read.Add(field);
        if (!json.TryGetProperty(field, out var value))
            return required ? throw new DescriptionException(source, PathOf(field), $"the field '{PathOf(field)}' is missing; {Advice(field)}") : null;
        if (value.ValueKind == JsonValueKind.Null)
            return required ? throw Wrong(field, "given", value) : null;
        return value;
    }

    // What to do about a missing field: correct the name of a field not read yet that is one or two letters off it
    // ("momentun" for momentum), else add it.
    private string Advice(string field) =>
        json.EnumerateObject().Select(property => property.Name).FirstOrDefault(name => !read.Contains(name) && Nearest(name, [field]) is not null) is { } near
            ? $"is '{Shown(near)}' meant to be it? Correct its name."
            : "add it.";

    // The known name a person most likely meant: the same but for case and separators ("MaxPool2d" for max_pool2d), else
    // one or two letters off (a quarter of the name at most: "pading" for padding); none when nothing is that close.
    private static string? Nearest(string given, IEnumerable<string> known)
    {
        var loose = Loose(given);
        return known.Select(name => (Name: name, Distance: Distance(Loose(name), loose)))
            .Where(candidate => candidate.Distance <= Math.Min(2, candidate.Name.Length / 4))
            .OrderBy(candidate => candidate.Distance).Select(candidate => candidate.Name).FirstOrDefault();
    }

    private static string Loose(string name) => new([.. name.Take(100).Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    // Levenshtein's edit distance, one row at a time.
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var (diagonal, row0) = (row[0], i);
            row[0] = row0;
            for (var j = 1; j <= b.Length; j++)
            {
                var next = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                (diagonal, row[j]) = (row[j], next);
            }
        }
        return row[b.Length];
    }

    // Text from the file, short and with control characters escaped, so that no name can forge or flood a message.
    private static string Shown(string text) => OutsideText.Show(text, ShownCharacters);
}
