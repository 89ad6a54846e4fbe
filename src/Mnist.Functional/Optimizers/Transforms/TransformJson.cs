using Mnist.Functional.Optimizers.HyperParameters;
using System.Text.Json.Nodes;
using Mnist.Functional.Json;
using Mnist.Functional.Parameters;

namespace Mnist.Functional.Optimizers.Transforms;

/// <summary>
/// The JSON forms of the gradient transforms an <see cref="OptimizerPlan"/> chains: <c>{ "kind": "trace", "momentum": 0.9,
/// "nesterov": true }</c>. Fields take the C# names in snake case, and are left out at their defaults.
/// </summary>
internal static class TransformJson
{
    /// <summary>Each kind with its fields, in the order they are written.</summary>
    public static IReadOnlyList<(string Kind, IReadOnlyList<string> Fields)> Kinds { get; } =
    [
        ("add_decayed_weights", ["weight_decay"]),
        ("clip_by_global_norm", ["max_norm"]),
        ("scale_by_adam", ["beta1", "beta2", "epsilon"]),
        ("scale_by_adadelta", ["rho", "epsilon"]),
        ("scale_by_rms", ["alpha", "epsilon", "centered"]),
        ("trace", ["momentum", "nesterov"]),
    ];

    private static readonly IReadOnlyList<string> Names = [.. Kinds.Select(kind => kind.Kind)];

    // The settings each scaling has when none is given, which its JSON form leaves out.
    private static readonly ScaleByAdam AdamDefaults = new();
    private static readonly ScaleByAdadelta AdadeltaDefaults = new();
    private static readonly ScaleByRms RmsDefaults = new();

    /// <summary>The JSON form of <paramref name="transform"/>; <see langword="null"/> for a transform with none (a learning-rate scaling, one of the user's own).</summary>
    public static JsonObject? Write(GradientTransform transform)
    {
        switch (transform)
        {
            case AddDecayedWeights decay:
                return new() { ["kind"] = "add_decayed_weights", ["weight_decay"] = decay.WeightDecay };
            case ClipByGlobalNorm clip:
                return new() { ["kind"] = "clip_by_global_norm", ["max_norm"] = clip.MaxNorm };
            case ScaleByAdam adam:
                return WithDifferences(new() { ["kind"] = "scale_by_adam" },
                    ("beta1", adam.Beta1, AdamDefaults.Beta1), ("beta2", adam.Beta2, AdamDefaults.Beta2), ("epsilon", adam.Epsilon, AdamDefaults.Epsilon));
            case ScaleByAdadelta adadelta:
                return WithDifferences(new() { ["kind"] = "scale_by_adadelta" },
                    ("rho", adadelta.Rho, AdadeltaDefaults.Rho), ("epsilon", adadelta.Epsilon, AdadeltaDefaults.Epsilon));
            case ScaleByRms rms:
                var json = WithDifferences(new() { ["kind"] = "scale_by_rms" },
                    ("alpha", rms.Alpha, RmsDefaults.Alpha), ("epsilon", rms.Epsilon, RmsDefaults.Epsilon));
                if (rms.Centered) json["centered"] = true;
                return json;
            case Trace trace:
                var traced = new JsonObject { ["kind"] = "trace", ["momentum"] = trace.Momentum };
                if (trace.Nesterov) traced["nesterov"] = true;
                return traced;
            default:
                return null;
        }
    }

    /// <summary>Reads a transform and checks its hyper-parameters (as its <c>Init</c> does), naming the field of one out of range.</summary>
    /// <exception cref="DescriptionException">The object is not a transform's form, or a value is out of range.</exception>
    public static GradientTransform Read(FieldReader json)
    {
        var kind = json.Choice("kind", Names);
        GradientTransform transform = kind switch
        {
            "add_decayed_weights" => new AddDecayedWeights(Number(json, "weight_decay")),
            "clip_by_global_norm" => new ClipByGlobalNorm(Number(json, "max_norm")),
            "scale_by_adam" => new ScaleByAdam(Number(json, "beta1", 0.9), Number(json, "beta2", 0.999), Number(json, "epsilon", 1e-8)),
            "scale_by_adadelta" => new ScaleByAdadelta(Number(json, "rho", 0.9), Number(json, "epsilon", 1e-6)),
            "scale_by_rms" => new ScaleByRms(Number(json, "alpha", 0.99), Number(json, "epsilon", 1e-8), json.Flag("centered", false)),
            _ => new Trace(Number(json, "momentum"), json.Flag("nesterov", false)),
        };
        json.NoOtherFields($"a {kind} transform", Kinds.First(entry => entry.Kind == kind).Fields);
        try
        {
            transform.Init(Params.Empty);
        }
        catch (HyperParameterException problem)
        {
            var field = FieldReader.FieldName(problem.ParamName!);
            throw json.Wrong(field, problem.Requirement, json.Raw(field));
        }
        return transform;
    }

    private static double Number(FieldReader json, string field, double? fallback = null) =>
        json.Number(field, "a finite number", _ => true, fallback);

    private static JsonObject WithDifferences(JsonObject json, params (string Field, double Value, double Default)[] fields)
    {
        foreach (var (field, value, fallback) in fields)
            if (value != fallback) json[field] = value;
        return json;
    }
}
