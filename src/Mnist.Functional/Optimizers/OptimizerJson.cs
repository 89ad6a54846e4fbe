using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Json;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Optimizers.Transforms;

namespace Mnist.Functional.Optimizers;

/// <summary>
/// The optimizer's JSON form: an <see cref="OptimizerPlan"/> written as a document a person can read and write by hand,
/// and read back to an equal plan, which builds the same optimizer, bit for bit.
/// </summary>
/// <remarks>
/// <para>The document: <c>{ "version": 1, "transforms": [{ "kind": "clip_by_global_norm", "max_norm": 1 }, { "kind":
/// "trace", "momentum": 0.9, "nesterov": true }], "learning_rate": { "kind": "one_cycle", "max_value": 0.2 } }</c>. The
/// transforms run in order, then the updates are scaled by −η(t) from the learning rate's plan, a number for a constant
/// rate. <c>docs/optimizers.md</c> lists every kind and field.</para>
/// <para>Reading checks, before anything is built: the size in bytes and the JSON nesting; that every field is known,
/// present when required, of the right type and in range (each transform and plan runs its own checks, and the message
/// gives the field's path, such as <c>transforms[1].beta1</c>); the number of transforms and the nesting of warm-ups.</para>
/// </remarks>
public static class OptimizerJson
{
    /// <summary>The version of the form this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The longest document, in bytes (characters for a string).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The most transforms one plan may chain.</summary>
    public const int MaxTransforms = 64;

    private const string What = "an optimizer";

    /// <summary>The JSON nesting the reader allows: the document, the list of transforms, and nested warm-ups with their durations.</summary>
    public static int MaxJsonDepth => 2 * ScheduleJson.MaxNesting + 6;

    /// <summary>The transform kinds, each with its fields.</summary>
    public static IReadOnlyList<(string Kind, IReadOnlyList<string> Fields)> TransformKinds => TransformJson.Kinds;

    /// <summary>The learning-rate plan kinds, each with its fields.</summary>
    public static IReadOnlyList<(string Kind, IReadOnlyList<string> Fields)> ScheduleKinds => ScheduleJson.Kinds;

    /// <summary>The JSON form of <paramref name="plan"/>, with the <c>version</c> first.</summary>
    /// <exception cref="ArgumentException">A transform or plan is of a type of the user's own, which has no form.</exception>
    public static JsonObject ToJson(OptimizerPlan plan) => new()
    {
        ["version"] = Version,
        ["transforms"] = new JsonArray([.. plan.Transforms.Select((transform, position) => (JsonNode)(TransformJson.Write(transform)
            ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Transform {position} ({transform.GetType().Name}) has no JSON form: use the library's transforms ({string.Join(", ", TransformKinds.Select(kind => kind.Kind))})."), nameof(plan))))]),
        ["learning_rate"] = ScheduleJson.Write(plan.LearningRate),
    };

    /// <summary>The JSON form of <paramref name="plan"/> as indented text, one transform a line, ending with a new line.</summary>
    public static string Write(OptimizerPlan plan) => JsonForm.Pretty(ToJson(plan));

    /// <summary>The JSON form of <paramref name="plan"/> on one line, defaults left out: equal for two plans exactly when they are the same optimizer.</summary>
    public static string Canonical(OptimizerPlan plan) => JsonForm.Compact(ToJson(plan));

    /// <summary>Reads an optimizer plan from <paramref name="text"/>.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="source">Where the text came from (a file name), to start every message.</param>
    /// <exception cref="DescriptionException">The text is not an optimizer this library can build; the message says where and what to do.</exception>
    public static OptimizerPlan Read(string text, string source)
    {
        using var document = JsonForm.Parse(text, source, What, MaxBytes, MaxJsonDepth);
        return FromJson(document.RootElement, source);
    }

    /// <summary>Reads an optimizer plan from <paramref name="stream"/> (UTF-8, at most <see cref="MaxBytes"/> bytes read).</summary>
    /// <exception cref="DescriptionException">The stream holds too many bytes or no optimizer this library can build.</exception>
    public static OptimizerPlan Read(Stream stream, string source)
    {
        using var document = JsonForm.Parse(stream, source, What, MaxBytes, MaxJsonDepth);
        return FromJson(document.RootElement, source);
    }

    /// <summary>
    /// Reads an optimizer plan from a JSON object already parsed, such as the <c>optimizer</c> field of a larger document
    /// (then <paramref name="path"/> is that field's path, and messages give paths from the document's top).
    /// </summary>
    /// <exception cref="DescriptionException">The object is not an optimizer this library can build.</exception>
    public static OptimizerPlan FromJson(JsonNode json, string source, string path = "")
    {
        using var document = JsonForm.Document(json);
        return FromJson(document.RootElement, source, path);
    }

    /// <inheritdoc cref="FromJson(JsonNode, string, string)"/>
    public static OptimizerPlan FromJson(JsonElement json, string source, string path = "")
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new DescriptionException(source, path, $"{(path.Length == 0 ? "An optimizer" : $"The field '{path}'")} must be an object, {{ … }}, but it is {FieldReader.Describe(json)}.");
        var root = new FieldReader(json, source, path);
        if (root.WholeNumber("version", 0, int.MaxValue) != Version)
            throw root.Wrong("version", $"{Version}, the version of the optimizer form this library reads (a newer library may write a newer one)", root.Raw("version"));
        var transforms = root.Objects("transforms", 0, MaxTransforms).Select(TransformJson.Read).ToList();
        var plan = new OptimizerPlan(transforms, ScheduleJson.Read(root, "learning_rate"));
        root.NoOtherFields("an optimizer", ["version", "transforms", "learning_rate"]);
        return plan;
    }
}
