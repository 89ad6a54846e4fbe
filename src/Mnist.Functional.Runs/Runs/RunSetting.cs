using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnist.Functional.Runs;

/// <summary>One setting of a run, as the specification's JSON form holds it (<see cref="RunSpecJson.Settings"/>).</summary>
/// <param name="Key">Its dotted path in that form: <c>model</c>, <c>recipe.learning_rate</c>, <c>validation_size</c>.</param>
/// <param name="Value">Its value there; <see langword="null"/> for a setting left unset.</param>
public sealed record RunSetting(string Key, JsonNode? Value)
{
    /// <summary>The setting in words, from its key: <c>recipe.learning_rate</c> → <c>learning rate</c>.</summary>
    public string Label => Key[(Key.LastIndexOf('.') + 1)..].Replace('_', ' ');

    /// <summary>The value as a person reads it: a number as JSON writes it (the shortest text that reads back the same), a name as it is, <c>—</c> for unset.</summary>
    public string Text => Value switch
    {
        null => "—",
        JsonValue number when number.GetValueKind() == JsonValueKind.Number => number.ToJsonString(),
        JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>(),
        JsonValue flag when flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False => flag.GetValue<bool>() ? "yes" : "no",
        _ => Value.ToJsonString(),
    };
}
