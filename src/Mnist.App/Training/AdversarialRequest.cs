using System.Globalization;
using Mnist.Functional.Robustness;
using Mnist.Functional.Text;

namespace Mnist.App.Training;

/// <summary>
/// What the user typed for adversarial training (<c>--adversarial</c> and its <c>--adversarial-*</c> settings);
/// <see langword="null"/> means "not given": the recipe's own adversarial training decides.
/// </summary>
/// <param name="Method">fgsm-rs, pgd, or none (train on the images as they are).</param>
/// <param name="Epsilon">ε, the L∞ radius on pixels in [0, 1].</param>
/// <param name="Steps">The attack's steps (pgd).</param>
/// <param name="StepSize">α at the full ε.</param>
/// <param name="WarmupEpochs">Epochs over which ε rises from 0.</param>
public sealed record AdversarialRequest(string? Method = null, double? Epsilon = null, int? Steps = null, double? StepSize = null, double? WarmupEpochs = null)
{
    /// <summary>The method that turns adversarial training off: <c>--adversarial none</c>.</summary>
    public const string None = "none";

    /// <summary>The values <c>--adversarial</c> takes.</summary>
    public static IReadOnlyList<string> Methods { get; } = [.. AdversarialTraining.MethodNames, None];

    /// <summary>Whether any option was given.</summary>
    public bool AnyGiven => Method is not null || Epsilon is not null || Steps is not null || StepSize is not null || WarmupEpochs is not null;

    /// <summary>
    /// The adversarial training of a new run: the recipe's (<paramref name="recipes"/>) with the options given laid over it.
    /// A setting not given comes from the recipe when it trains with the same method, else from the method's defaults:
    /// ε <see cref="AdversarialTraining.DefaultEpsilon"/>, 1 step for fgsm-rs and 40 for pgd, no warm-up; α keeps the recipe's ratio α/ε when
    /// the steps are the recipe's, else it is the method's default (1.25·ε for fgsm-rs, 2.5·ε/steps for pgd).
    /// </summary>
    /// <param name="recipes">The recipe's adversarial training; <see langword="null"/> when it has none.</param>
    /// <exception cref="ArgumentException">A value is out of range or does not fit the method; the message names the option.</exception>
    public AdversarialTraining? Apply(AdversarialTraining? recipes)
    {
        if (string.Equals(Method, None, StringComparison.OrdinalIgnoreCase))
        {
            var stray = Settings().FirstOrDefault(setting => setting.Given).Option;
            Require(stray is null, stray ?? "", "--adversarial none trains on the images as they are, so there is no attack to set; leave it out, or name fgsm-rs or pgd");
            return null;
        }
        if (!AnyGiven)
            return recipes;
        AdversarialMethod method;
        if (Method is { } name)
        {
            Require(AdversarialTraining.MethodNames.Contains(name, StringComparer.OrdinalIgnoreCase), "--adversarial",
                $"there is no method '{OutsideText.Show(name)}'; choose one of {string.Join(", ", Methods)}");
            method = AdversarialTraining.MethodNamed(name);
        }
        else
        {
            Require(recipes is not null, Settings().First(setting => setting.Given).Option,
                "this recipe does not train adversarially; add --adversarial fgsm-rs or --adversarial pgd");
            method = recipes!.Method;
        }
        var basis = recipes?.Method == method ? recipes : null;
        var epsilon = Epsilon ?? basis?.Epsilon ?? AdversarialTraining.DefaultEpsilon;
        Require(epsilon is > 0 and <= 1, "--adversarial-epsilon", $"ε must be above 0 and at most 1 (a distance on pixels in [0, 1]), not {N(epsilon)}; --adversarial none trains without an attack");
        var steps = Steps ?? basis?.Steps ?? (method == AdversarialMethod.Pgd ? Pgd.DefaultSteps : 1);
        Require(method != AdversarialMethod.FgsmRandomStart || steps == 1, "--adversarial-steps", $"fgsm-rs takes exactly 1 step, not {steps}; train against pgd for more");
        var defaults = AdversarialTraining.Of(method, epsilon, steps);
        var stepSize = StepSize ?? (basis is not null && basis.Steps == steps ? basis.StepSize * epsilon / basis.Epsilon : defaults.StepSize);
        Require(steps * stepSize >= epsilon * (1 - 1e-9), "--adversarial-step-size",
            $"{steps} step{(steps == 1 ? "" : "s")} of α = {N(stepSize)} move at most {N(steps * stepSize)}, less than ε = {N(epsilon)}: the attack could never reach the edge of its ball; raise --adversarial-step-size or --adversarial-steps");
        var warmup = WarmupEpochs ?? basis?.WarmupEpochs ?? 0;
        return new AdversarialTraining(method, epsilon, steps, stepSize, warmup).Checked();
    }

    /// <summary>The options given whose value differs from <paramref name="saved"/>'s (a resumed run's), by name.</summary>
    public IEnumerable<string> ChangedFrom(AdversarialTraining? saved)
    {
        if (Method is { } method && !method.Equals(saved is null ? None : AdversarialTraining.Name(saved.Method), StringComparison.OrdinalIgnoreCase))
            yield return "--adversarial";
        foreach (var (option, given, value, savedValue) in new (string, bool, double?, double?)[]
        {
            ("--adversarial-epsilon", Epsilon is not null, Epsilon, saved?.Epsilon),
            ("--adversarial-steps", Steps is not null, Steps, saved?.Steps),
            ("--adversarial-step-size", StepSize is not null, StepSize, saved?.StepSize),
            ("--adversarial-warmup", WarmupEpochs is not null, WarmupEpochs, saved?.WarmupEpochs),
        })
        {
            if (given && value != savedValue)
                yield return option;
        }
    }

    /// <summary>
    /// The options that give <paramref name="adversarial"/>, every setting spelled out, for a run whose model's recipe
    /// trains with <paramref name="recipes"/>: nothing when neither trains adversarially, <c>--adversarial none</c> when
    /// only the recipe does.
    /// </summary>
    public static IEnumerable<string> CommandLine(AdversarialTraining? adversarial, AdversarialTraining? recipes) =>
        adversarial is null
            ? recipes is null ? [] : ["--adversarial", None]
            :
            [
                "--adversarial", AdversarialTraining.Name(adversarial.Method), "--adversarial-epsilon", N(adversarial.Epsilon),
                "--adversarial-steps", N(adversarial.Steps), "--adversarial-step-size", N(adversarial.StepSize), "--adversarial-warmup", N(adversarial.WarmupEpochs),
            ];

    private IEnumerable<(string Option, bool Given)> Settings() =>
    [
        ("--adversarial-epsilon", Epsilon is not null), ("--adversarial-steps", Steps is not null),
        ("--adversarial-step-size", StepSize is not null), ("--adversarial-warmup", WarmupEpochs is not null),
    ];

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Require(bool condition, string option, string problem)
    {
        if (!condition)
            throw new ArgumentException($"{option}: {problem}.");
    }
}
