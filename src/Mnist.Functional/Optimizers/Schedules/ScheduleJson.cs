using Mnist.Functional.Optimizers.HyperParameters;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnist.Functional.Json;

namespace Mnist.Functional.Optimizers.Schedules;

/// <summary>
/// The JSON forms of <see cref="SchedulePlan"/>s: a plain number for a constant rate, else <c>{ "kind": "one_cycle",
/// "max_value": 0.2 }</c>; a duration is <c>"run"</c>, <c>{ "steps": 500 }</c> or <c>{ "epochs": 1.5 }</c>. Fields
/// take the C# names in snake case, and are left out at their defaults.
/// </summary>
internal static class ScheduleJson
{
    /// <summary>The most warm-ups one plan may nest.</summary>
    public const int MaxNesting = 8;

    /// <summary>Each kind with its fields, in the order they are written.</summary>
    public static IReadOnlyList<(string Kind, IReadOnlyList<string> Fields)> Kinds { get; } =
    [
        ("constant", ["value"]),
        ("step_decay", ["initial", "every", "gamma"]),
        ("exponential_decay", ["initial", "gamma", "per"]),
        ("cosine_decay", ["initial", "over", "final"]),
        ("one_cycle", ["max_value", "over", "pct_start", "div_factor", "final_div_factor"]),
        ("linear_warm_up", ["over", "then", "start_factor"]),
    ];

    private static readonly IReadOnlyList<string> Names = [.. Kinds.Select(kind => kind.Kind)];

    /// <summary>The JSON form of <paramref name="plan"/>: a number for a constant, else an object.</summary>
    /// <exception cref="ArgumentException">The plan is of a type of the user's own, which has no form.</exception>
    public static JsonNode Write(SchedulePlan plan)
    {
        var json = new JsonObject();
        switch (plan)
        {
            case SchedulePlan.Constant constant:
                return constant.Value;
            case SchedulePlan.StepDecay step:
                (json["kind"], json["initial"], json["every"]) = ("step_decay", step.Initial, Write(step.Every));
                if (step.Gamma != 0.1) json["gamma"] = step.Gamma;
                return json;
            case SchedulePlan.ExponentialDecay exponential:
                (json["kind"], json["initial"], json["gamma"], json["per"]) = ("exponential_decay", exponential.Initial, exponential.Gamma, Write(exponential.Per));
                return json;
            case SchedulePlan.CosineDecay cosine:
                (json["kind"], json["initial"]) = ("cosine_decay", cosine.Initial);
                if (cosine.Over != Duration.Run) json["over"] = Write(cosine.Over);
                if (cosine.Final != 0) json["final"] = cosine.Final;
                return json;
            case SchedulePlan.OneCycle cycle:
                (json["kind"], json["max_value"]) = ("one_cycle", cycle.MaxValue);
                if (cycle.Over != Duration.Run) json["over"] = Write(cycle.Over);
                if (cycle.PctStart != 0.3) json["pct_start"] = cycle.PctStart;
                if (cycle.DivFactor != 25) json["div_factor"] = cycle.DivFactor;
                if (cycle.FinalDivFactor != 1e4) json["final_div_factor"] = cycle.FinalDivFactor;
                return json;
            case SchedulePlan.LinearWarmUp warmUp:
                (json["kind"], json["over"], json["then"]) = ("linear_warm_up", Write(warmUp.Over), Write(warmUp.Then));
                if (warmUp.StartFactor != 0) json["start_factor"] = warmUp.StartFactor;
                return json;
            default:
                throw new ArgumentException($"A {plan.GetType().Name} has no JSON form: use one of SchedulePlan's own.", nameof(plan));
        }
    }

    /// <summary>Reads the plan at <paramref name="field"/> of <paramref name="parent"/> and checks it (by fitting it to a run of one step), naming the field of a value out of range.</summary>
    /// <exception cref="DescriptionException">The field is not a plan's form, or a value is out of range.</exception>
    public static SchedulePlan Read(FieldReader parent, string field, int nesting = 1)
    {
        var value = parent.Raw(field, required: true)!.Value;
        if (value.ValueKind == JsonValueKind.Number)
            return new SchedulePlan.Constant(parent.Number(field, "a positive number", rate => rate > 0));
        if (value.ValueKind != JsonValueKind.Object)
            throw parent.Wrong(field, $"a number (a constant rate) or a schedule, {{ \"kind\": … }} with a kind of {string.Join(", ", Names)}", value);
        var json = parent.Object(field)!;
        if (nesting > MaxNesting)
            throw json.Fault(json.Path, $"nests schedules {nesting} deep, deeper than the {MaxNesting} allowed. Flatten the nesting");
        var kind = json.Choice("kind", Names);
        SchedulePlan plan = kind switch
        {
            "constant" => new SchedulePlan.Constant(Number(json, "value")),
            "step_decay" => new SchedulePlan.StepDecay(Number(json, "initial"), ReadDuration(json, "every", required: true), Number(json, "gamma", 0.1)),
            "exponential_decay" => new SchedulePlan.ExponentialDecay(Number(json, "initial"), Number(json, "gamma"), ReadDuration(json, "per", required: true)),
            "cosine_decay" => new SchedulePlan.CosineDecay(Number(json, "initial"), ReadDuration(json, "over", required: false), Number(json, "final", 0)),
            "one_cycle" => new SchedulePlan.OneCycle(Number(json, "max_value"), ReadDuration(json, "over", required: false),
                Number(json, "pct_start", 0.3), Number(json, "div_factor", 25), Number(json, "final_div_factor", 1e4)),
            _ => new SchedulePlan.LinearWarmUp(ReadDuration(json, "over", required: true), Read(json, "then", nesting + 1), Number(json, "start_factor", 0)),
        };
        json.NoOtherFields($"a {kind} schedule", Kinds.First(entry => entry.Kind == kind).Fields);
        // Fitting to a one-step run runs every check of the plan and of its schedule; the field is the one the check names.
        try
        {
            plan.Fit(RunLength.Of(1, 1)).At(0);
        }
        catch (HyperParameterException problem)
        {
            var wrong = FieldReader.FieldName(problem.ParamName!);
            throw json.Wrong(wrong, problem.Requirement, json.Raw(wrong));
        }
        return plan;
    }

    private static JsonNode Write(Duration duration) => duration.Unit switch
    {
        DurationUnit.Steps => new JsonObject { ["steps"] = (long)duration.Amount },
        DurationUnit.Epochs => new JsonObject { ["epochs"] = duration.Amount },
        _ => "run",
    };

    private static Duration ReadDuration(FieldReader json, string field, bool required)
    {
        if (json.Raw(field, required) is not { } value)
            return Duration.Run;
        const string Expected = "a duration: \"run\", { \"steps\": N } or { \"epochs\": N }";
        if (value.ValueKind == JsonValueKind.String)
            return json.Text(field) == "run" ? Duration.Run : throw json.Wrong(field, Expected, value);
        if (value.ValueKind != JsonValueKind.Object)
            throw json.Wrong(field, Expected, value);
        var duration = json.Object(field)!;
        Duration read;
        if (duration.Has("steps") && !duration.Has("epochs"))
            read = Duration.Steps(duration.WholeNumber("steps", 1, 1_000_000_000_000));
        else if (duration.Has("epochs") && !duration.Has("steps"))
            read = Duration.Epochs(duration.Number("epochs", "a number above 0 and at most 1,000,000", epochs => epochs is > 0 and <= 1_000_000));
        else
            throw json.Wrong(field, Expected + ", with one of the two", value);
        duration.NoOtherFields("a duration", ["steps", "epochs"]);
        return read;
    }

    private static double Number(FieldReader json, string field, double? fallback = null) =>
        json.Number(field, "a finite number", _ => true, fallback);
}
