using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.IO;

namespace Mnist.App.Cli;

/// <summary>Writes a command's <c>--json</c> result: one indented JSON document on standard output, with its <c>schema_version</c> first.</summary>
public static class JsonOutput
{
    /// <summary>The version of the documents' shapes: it goes up when a field changes meaning or goes away, not when one is added.</summary>
    public const int SchemaVersion = 1;

    // Text such as "3×3" and "Keras'" stays as it is rather than \u-escaped: the document is read by tools and people, never put in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes <paramref name="document"/> and a newline to <paramref name="output"/>; an object without a <c>schema_version</c>
    /// gets <see cref="SchemaVersion"/> as its first field, and a NaN or infinite number is written as null and named under <c>non_finite</c>.
    /// </summary>
    public static Task WriteAsync(TextWriter output, JsonNode document) => output.WriteLineAsync(JsonText.Write(Versioned(document), Indented));

    /// <summary>
    /// Writes <paramref name="document"/> as <see cref="WriteAsync(TextWriter, JsonNode)"/> does, with the array
    /// <paramref name="arrayField"/> (whatever the document holds there) made of <paramref name="items"/>, each turned into
    /// text and let go before the next: a document of many items is never held whole. The text is the same as the whole
    /// document's would be.
    /// </summary>
    public static async Task WriteAsync(TextWriter output, JsonObject document, string arrayField, IEnumerable<JsonNode> items)
    {
        var marker = $"\u0001{Guid.NewGuid():N}";
        document[arrayField] = marker;
        var text = JsonText.Write(Versioned(document), Indented);
        var at = text.IndexOf(JsonSerializer.Serialize(marker, Indented), StringComparison.Ordinal);
        var indent = at - text.LastIndexOf('\n', at) - 1 - $"\"{arrayField}\": ".Length;
        await output.WriteAsync(text[..at]);
        var first = true;
        foreach (var item in items)
        {
            await output.WriteAsync(first ? "[" : ",");
            var lines = JsonText.Write(item, Indented).Split('\n');
            await output.WriteAsync(string.Concat(lines.Select(line => "\n" + new string(' ', indent + 2) + line)));
            first = false;
        }
        await output.WriteAsync(first ? "[]" : "\n" + new string(' ', indent) + "]");
        await output.WriteLineAsync(text[(at + JsonSerializer.Serialize(marker, Indented).Length)..]);
    }

    /// <summary><paramref name="document"/> with a <c>schema_version</c> field first, if it is an object that lacks one.</summary>
    public static JsonNode Versioned(JsonNode document)
    {
        if (document is JsonObject obj && !obj.ContainsKey("schema_version"))
            obj.Insert(0, "schema_version", SchemaVersion);
        return document;
    }
}
