using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Training;
using static TorchSharp.torch;

namespace Mnist.Functional.Robustness;

/// <summary>
/// Adversarial training as a value: every training batch is replaced by adversarial images found against the current
/// parameters, and the loss is taken on those, the saddle-point problem <c>min_θ E max_{‖δ‖∞ ≤ ε} L(θ, x + δ, y)</c> of
/// Madry et al. 2018 ("Towards Deep Learning Models Resistant to Adversarial Attacks", eq. 2.1), its inner maximum
/// approximated by <see cref="Method"/>. <see cref="For"/> makes it the training setup's
/// <see cref="TrainingSetup.BatchTransform"/>.
/// </summary>
/// <remarks>
/// <para>
/// The attack is L∞ on pixels in [0, 1] (the batch's standardised images are mapped back, attacked, and standardised
/// again), aimed at each image's true label, against the model in training mode with the step's own parameters and
/// layer state, which is the function the step differentiates (batch norm on the batch's statistics; the layer state it
/// would update is not kept). Its random start comes from the run's generator. Each batch's images are checked to lie in
/// their ε-ball and in [0, 1].
/// </para>
/// <para>
/// With <see cref="WarmupEpochs"/> above 0, ε rises linearly from 0 at the first step to its full value after that many
/// epochs, and α with it (α stays the same fraction of ε); a ramp of ε is what keeps FGSM training at large ε from
/// "catastrophic overfitting", a sudden collapse of PGD accuracy while FGSM accuracy climbs (Wong et al. 2020, §5;
/// Gowal et al. 2018 ramp ε the same way for interval bound propagation).
/// </para>
/// </remarks>
/// <param name="Method">The attack trained against.</param>
/// <param name="Epsilon">The L∞ radius, on pixels in [0, 1]: above 0 and at most 1.</param>
/// <param name="Steps">Gradient steps of the attack: 1 for <see cref="AdversarialMethod.FgsmRandomStart"/>.</param>
/// <param name="StepSize">α at the full ε, on pixels in [0, 1].</param>
/// <param name="WarmupEpochs">Epochs over which ε rises from 0 to <paramref name="Epsilon"/>; 0 for the full ε from the first step.</param>
public sealed record AdversarialTraining(AdversarialMethod Method, double Epsilon, int Steps, double StepSize, double WarmupEpochs = 0)
{
    /// <summary>FGSM-RS's α as a multiple of ε: 1.25, Wong et al.'s choice (α = 0.375 at ε = 0.3 on MNIST).</summary>
    public const double FastStepRatio = 1.25;

    /// <summary>ε when none is given: 0.3, the MNIST challenge's threat model (Madry et al. 2018).</summary>
    public const double DefaultEpsilon = 0.3;

    /// <summary>
    /// Training against <paramref name="method"/>, each setting not given the method's own: ε <see cref="DefaultEpsilon"/>;
    /// 1 step for <see cref="AdversarialMethod.FgsmRandomStart"/> and <see cref="Robustness.Pgd.DefaultSteps"/> for
    /// <see cref="AdversarialMethod.Pgd"/>; α as <see cref="Fast"/> and <see cref="Pgd"/> choose it; no warm-up.
    /// </summary>
    public static AdversarialTraining Of(AdversarialMethod method, double? epsilon = null, int? steps = null, double? stepSize = null, double? warmupEpochs = null)
    {
        var radius = epsilon ?? DefaultEpsilon;
        return method == AdversarialMethod.Pgd
            ? Pgd(radius, steps ?? Robustness.Pgd.DefaultSteps, stepSize, warmupEpochs ?? 0)
            : Fast(radius, stepSize, warmupEpochs ?? 0) with { Steps = steps ?? 1 };
    }

    /// <summary>
    /// Training against FGSM with a random start (Wong et al. 2020): α = <paramref name="stepSize"/>, or
    /// <see cref="FastStepRatio"/> · ε when <see langword="null"/>.
    /// </summary>
    public static AdversarialTraining Fast(double epsilon, double? stepSize = null, double warmupEpochs = 0) =>
        new(AdversarialMethod.FgsmRandomStart, epsilon, 1, stepSize ?? FastStepRatio * epsilon, warmupEpochs);

    /// <summary>
    /// Training against PGD (Madry et al. 2018) of <paramref name="steps"/> steps: α = <paramref name="stepSize"/>, or
    /// <see cref="Robustness.Pgd.DefaultStepSize"/> when <see langword="null"/>.
    /// </summary>
    public static AdversarialTraining Pgd(double epsilon, int steps = Robustness.Pgd.DefaultSteps, double? stepSize = null, double warmupEpochs = 0) =>
        new(AdversarialMethod.Pgd, epsilon, steps, stepSize ?? Robustness.Pgd.DefaultStepSize(epsilon, steps), warmupEpochs);

    /// <summary>The methods' names, as a person types them and a run's specification saves them: <c>fgsm-rs</c>, <c>pgd</c>.</summary>
    public static IReadOnlyList<string> MethodNames { get; } = [.. Enum.GetValues<AdversarialMethod>().Select(Name)];

    /// <summary>The method's name: <c>fgsm-rs</c> or <c>pgd</c>.</summary>
    public static string Name(AdversarialMethod method) => method switch
    {
        AdversarialMethod.FgsmRandomStart => "fgsm-rs",
        AdversarialMethod.Pgd => "pgd",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Not an adversarial training method."),
    };

    /// <summary>The method called <paramref name="name"/> (any case).</summary>
    /// <exception cref="ArgumentException">No method has that name; the message lists the names there are.</exception>
    public static AdversarialMethod MethodNamed(string name) =>
        Enum.GetValues<AdversarialMethod>().Select(method => (AdversarialMethod?)method).FirstOrDefault(method => Name(method!.Value).Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"There is no adversarial training method '{Text.OutsideText.Show(name)}'. Choose one of: {string.Join(", ", MethodNames)}.", nameof(name));

    /// <summary>
    /// Checks the numbers: ε in (0, 1], at least 1 step (exactly 1 for FGSM-RS), α positive and finite and long enough
    /// for the steps together to reach the edge of the ball (<c>steps · α ≥ ε</c>), a warm-up of 0 or more epochs.
    /// </summary>
    /// <exception cref="ArgumentException">A number is out of range; the message names the setting and says what it must be.</exception>
    public AdversarialTraining Checked()
    {
        Require(Epsilon is > 0 and <= 1, "epsilon", $"ε must be above 0 and at most 1 (a distance on pixels in [0, 1]), not {N(Epsilon)}.");
        Require(Steps >= 1, "steps", $"The attack takes at least 1 step, not {Steps}.");
        Require(Method != AdversarialMethod.FgsmRandomStart || Steps == 1, "steps", $"FGSM with a random start takes exactly 1 step, not {Steps}; train against pgd for more.");
        Require(StepSize > 0 && double.IsFinite(StepSize), "step_size", $"The step size α must be a positive number, not {N(StepSize)}.");
        Require(Steps * StepSize >= Epsilon * (1 - 1e-9), "step_size",
            $"{Steps} step{(Steps == 1 ? "" : "s")} of α = {N(StepSize)} move at most {N(Steps * StepSize)}, less than ε = {N(Epsilon)}: the attack could never reach the edge of its ball. Raise the step size or the number of steps.");
        Require(WarmupEpochs >= 0 && double.IsFinite(WarmupEpochs), "warmup_epochs", $"The warm-up must be 0 or more epochs, not {N(WarmupEpochs)}.");
        return this;
    }

    /// <summary>
    /// ε at the step after <paramref name="step"/> updates: <c>ε · min(1, step / (WarmupEpochs · stepsPerEpoch))</c>, the full
    /// ε without a warm-up.
    /// </summary>
    public double EpsilonAt(long step, long stepsPerEpoch)
    {
        var warmupSteps = WarmupEpochs * stepsPerEpoch;
        return step >= warmupSteps ? Epsilon : Epsilon * step / warmupSteps;
    }

    /// <summary>The attack at radius <paramref name="epsilon"/> (at most <see cref="Epsilon"/>), its α scaled with it.</summary>
    public Attack AttackAt(double epsilon) =>
        new Pgd(epsilon, Steps, StepSize * epsilon / Epsilon, restarts: 1, randomStart: true);

    /// <summary>
    /// The batch transform that trains <paramref name="model"/> adversarially: each batch's images, standardised with
    /// <paramref name="normalisation"/>, replaced by their adversarial images at the step's ε, standardised the same way:
    /// <c>[B, 1, 28, 28] -> [B, 1, 28, 28]</c>.
    /// </summary>
    /// <param name="model">The network the setup trains.</param>
    /// <param name="normalisation">The pixel statistics the pipeline standardises the images with.</param>
    /// <param name="stepsPerEpoch">Batches per epoch, which turn <see cref="WarmupEpochs"/> into steps.</param>
    /// <exception cref="ArgumentException">A setting is out of range (<see cref="Checked"/>).</exception>
    public BatchTransform For(Layer model, PixelStats normalisation, long stepsPerEpoch)
    {
        Checked();
        var toPixels = Preprocess.UnitRangeOfStandardized(normalisation);
        var standardise = Preprocess.StandardizeUnitRange(normalisation);
        return (variables, batch, step, generator) =>
        {
            var epsilon = EpsilonAt(step, stepsPerEpoch);
            if (epsilon == 0)
                return batch.Images;
            var attacked = PixelModels.Of(model, variables.Params, variables.State, normalisation, Mode.Train(generator));
            return standardise(AttackAt(epsilon).Perturb(attacked, toPixels(batch.Images), batch.Labels, generator));
        };
    }

    /// <summary>The training in words: <c>fgsm-rs ε 0.3, α 0.375, ε rising over 2 epochs</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Name(Method)}{(Method == AdversarialMethod.Pgd ? $"-{Steps}" : "")} ε {Epsilon:G4}, α {StepSize:G4}{(WarmupEpochs > 0 ? $", ε rising over {WarmupEpochs:G4} epoch{(WarmupEpochs == 1 ? "" : "s")}" : "")}");

    private static string N(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static void Require(bool condition, string setting, string problem)
    {
        if (!condition) throw new ArgumentException(problem, setting);
    }
}
