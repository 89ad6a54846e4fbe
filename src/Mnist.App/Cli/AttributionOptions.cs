using System.CommandLine;
using System.CommandLine.Parsing;
using Mnist.Functional.Explain;

namespace Mnist.App.Cli;

/// <summary>
/// The options that choose an attribution method and its settings (<c>--method</c>, <c>--score</c>, <c>--steps</c>, …), and
/// the method they make. Bounds are checked by the parser (exit 1); a setting of another method than the chosen one is
/// refused rather than silently ignored.
/// </summary>
public sealed class AttributionOptions
{
    /// <summary>The options with <paramref name="defaultMethod"/> chosen when <c>--method</c> is left out.</summary>
    public AttributionOptions(string defaultMethod)
    {
        this.defaultMethod = defaultMethod;
        Method = new Option<string>("--method")
        {
            Description = $"The attribution method (default {defaultMethod}). See docs/explain.md for what each shows.",
            DefaultValueFactory = _ => defaultMethod,
        }.AcceptOnlyFromAmong([.. AttributionMethod.Names]);
        Score = new Option<string>("--score")
        {
            Description = "The number explained: the model's output for the class (logit, the default) or its softmax probability.",
            DefaultValueFactory = _ => "logit",
        }.AcceptOnlyFromAmong("logit", "probability");
        Steps = NumberOptions.Whole("--steps", $"integrated-gradients: points on the path from the baseline (default {IntegratedGradients.DefaultSteps}).", IntegratedGradients.MinSteps, IntegratedGradients.MaxSteps);
        Quadrature = new Option<string?>("--quadrature") { Description = "integrated-gradients: how the path integral is summed (default gauss-legendre, as Captum)." }
            .AcceptOnlyFromAmong("gauss-legendre", "trapezoid");
        Baseline = NumberOptions.Fraction("--baseline", "integrated-gradients: the baseline's pixel value, 0 (black, the default) to 1 (white).");
        Samples = NumberOptions.Whole("--samples", $"smoothgrad: noisy copies of each digit (default {SmoothGrad.DefaultSamples}).", 1, SmoothGrad.MaxSamples);
        Noise = NumberOptions.Positive("--noise", $"smoothgrad: the noise's standard deviation in pixel units, above 0 and at most 1 (default {SmoothGrad.DefaultNoise}).");
        Seed = NumberOptions.Whole64("--seed", "smoothgrad: seeds the noise (default 0).");
        Window = NumberOptions.Whole("--window", "occlusion: the square window's side in pixels (default 4).", 1, 28);
        Stride = NumberOptions.Whole("--stride", "occlusion: how far the window moves each step, at most the window (default 2).", 1, 28);
        Fill = NumberOptions.Fraction("--fill", "occlusion: the pixel value the window sets, 0 (black, the default) to 1.");
        Steps.HelpName = Samples.HelpName = "N";
        Window.HelpName = Stride.HelpName = "PIXELS";
        Baseline.HelpName = Fill.HelpName = Noise.HelpName = "VALUE";
    }

    private readonly string defaultMethod;

    /// <summary><c>--method</c>.</summary>
    public Option<string> Method { get; }

    /// <summary><c>--score</c>.</summary>
    public Option<string> Score { get; }

    /// <summary><c>--steps</c>.</summary>
    public Option<int?> Steps { get; }

    /// <summary><c>--quadrature</c>.</summary>
    public Option<string?> Quadrature { get; }

    /// <summary><c>--baseline</c>.</summary>
    public Option<double?> Baseline { get; }

    /// <summary><c>--samples</c>.</summary>
    public Option<int?> Samples { get; }

    /// <summary><c>--noise</c>.</summary>
    public Option<double?> Noise { get; }

    /// <summary><c>--seed</c>.</summary>
    public Option<long?> Seed { get; }

    /// <summary><c>--window</c>.</summary>
    public Option<int?> Window { get; }

    /// <summary><c>--stride</c>.</summary>
    public Option<int?> Stride { get; }

    /// <summary><c>--fill</c>.</summary>
    public Option<double?> Fill { get; }

    /// <summary>Adds the options and their checks to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Method, Score, Steps, Quadrature, Baseline, Samples, Noise, Seed, Window, Stride, Fill })
            command.Options.Add(option);
        command.Validators.Add(Validate);
    }

    /// <summary>The method the options choose, with their settings.</summary>
    public AttributionMethod MethodOf(ParseResult parse) => AttributionMethod.Named(parse.GetValue(Method) ?? defaultMethod) switch
    {
        IntegratedGradients method => method with
        {
            Steps = parse.GetValue(Steps) ?? method.Steps,
            Baseline = parse.GetValue(Baseline) ?? method.Baseline,
            Quadrature = parse.GetValue(Quadrature) == "trapezoid" ? Functional.Explain.Quadrature.Trapezoid : method.Quadrature,
        },
        SmoothGrad method => method with
        {
            Samples = parse.GetValue(Samples) ?? method.Samples,
            Noise = parse.GetValue(Noise) ?? method.Noise,
            Seed = parse.GetValue(Seed) ?? method.Seed,
        },
        Occlusion method => new Occlusion(parse.GetValue(Window) ?? method.Window, parse.GetValue(Stride) ?? method.Stride, parse.GetValue(Fill) ?? method.Fill),
        var method => method,
    };

    /// <summary>The score the options choose.</summary>
    public ScoreKind ScoreOf(ParseResult parse) => parse.GetValue(Score) == "probability" ? ScoreKind.Probability : ScoreKind.Logit;

    private void Validate(CommandResult result)
    {
        var method = NumberOptions.ValueOrDefault(result, Method) is { Length: > 0 } chosen ? chosen : defaultMethod;
        (Option Option, string Method)[] owned =
        [
            (Steps, IntegratedGradients.MethodName), (Quadrature, IntegratedGradients.MethodName), (Baseline, IntegratedGradients.MethodName),
            (Samples, SmoothGrad.MethodName), (Noise, SmoothGrad.MethodName), (Seed, SmoothGrad.MethodName),
            (Window, Occlusion.MethodName), (Stride, Occlusion.MethodName), (Fill, Occlusion.MethodName),
        ];
        foreach (var (option, owner) in owned)
            if (result.GetResult(option) is { Implicit: false } && method != owner)
                result.AddError($"{option.Name} is a setting of --method {owner}, not of {method}: leave it out or choose --method {owner}.");
        if (NumberOptions.ValueOrDefault(result, Noise) is > 1)
            result.AddError("--noise takes a standard deviation above 0 and at most 1 (the whole pixel range); 0.1 to 0.2 work best.");
        if (NumberOptions.ValueOrDefault(result, Stride) is { } stride && stride > (NumberOptions.ValueOrDefault(result, Window) ?? 4))
            result.AddError($"--stride {stride} is more than the window ({NumberOptions.ValueOrDefault(result, Window) ?? 4} pixels): some pixels would never be covered. Use a stride of at most the window.");
    }
}
