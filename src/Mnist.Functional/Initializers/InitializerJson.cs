using System.Text.Json.Nodes;
using Mnist.Functional.Json;

namespace Mnist.Functional.Initializers;

/// <summary>
/// The JSON form of an <see cref="Initializer"/>, as a layer's <c>weight_init</c> or <c>bias_init</c>:
/// <c>{ "kind": "variance_scaling", "gain": 1.4142135623730951, "mode": "fan_in", "distribution": "normal" }</c>
/// or <c>{ "kind": "constant", "value": 0 }</c>.
/// </summary>
internal static class InitializerJson
{
    /// <summary>The kinds an initialiser can be.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["variance_scaling", "constant"];

    private static readonly IReadOnlyList<string> Modes = ["fan_in", "fan_out", "fan_avg"];
    private static readonly IReadOnlyList<string> Distributions = ["uniform", "normal"];

    /// <summary>The JSON form of <paramref name="initializer"/>; <see langword="null"/> for one of the user's own kinds, which has none.</summary>
    public static JsonObject? Write(Initializer initializer) => initializer switch
    {
        VarianceScaling scaling => new JsonObject
        {
            ["kind"] = "variance_scaling",
            ["gain"] = scaling.Gain,
            ["mode"] = Modes[(int)scaling.Mode],
            ["distribution"] = Distributions[(int)scaling.Distribution],
        },
        Constant constant => new JsonObject { ["kind"] = "constant", ["value"] = constant.Value },
        _ => null,
    };

    /// <summary>Reads the initialiser at <paramref name="field"/> of <paramref name="reader"/>; <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="DescriptionException">The field is not an initialiser's form.</exception>
    public static Initializer Read(FieldReader reader, string field, Initializer fallback)
    {
        if (reader.Object(field, required: false) is not { } json)
            return fallback;
        var kind = json.Choice("kind", Kinds);
        Initializer initializer = kind == "constant"
            ? new Constant(json.Number("value", "a finite number", _ => true))
            : new VarianceScaling(
                json.Number("gain", "a number from 0 to 1,000", gain => gain is >= 0 and <= 1000),
                (FanMode)Modes.ToList().IndexOf(json.Choice("mode", Modes)),
                (Distribution)Distributions.ToList().IndexOf(json.Choice("distribution", Distributions)));
        json.NoOtherFields($"a {kind} initialiser", kind == "constant" ? ["value"] : ["gain", "mode", "distribution"]);
        return initializer;
    }
}
