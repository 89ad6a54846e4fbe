using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Persistence;

namespace Mnist.App.Cli;

/// <summary>Writes a command's <c>--json</c> result: one indented JSON document on standard output.</summary>
public static class JsonOutput
{
    // Text such as "3×3" and "Keras'" stays as it is rather than \u-escaped: the document is read by tools and people, never put in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="document"/> and a newline to <paramref name="output"/>; a NaN or infinite number is written as null and named under <c>non_finite</c>.</summary>
    public static Task WriteAsync(TextWriter output, JsonNode document) => output.WriteLineAsync(JsonText.Write(document, Indented));
}
