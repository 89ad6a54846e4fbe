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

    /// <summary><paramref name="document"/> with a <c>schema_version</c> field first, if it is an object that lacks one.</summary>
    public static JsonNode Versioned(JsonNode document)
    {
        if (document is JsonObject obj && !obj.ContainsKey("schema_version"))
            obj.Insert(0, "schema_version", SchemaVersion);
        return document;
    }
}
