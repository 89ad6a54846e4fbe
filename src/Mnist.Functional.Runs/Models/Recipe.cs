using System.Globalization;
using Mnist.Functional.Data;
using Mnist.Functional.Layers;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;
using Mnist.Functional.Robustness;
using Mnist.Functional.Training;

namespace Mnist.Functional.Models;

/// <summary>How a model is trained: optimizer and schedule, peak learning rate, weight decay, batch size, epochs, label smoothing, momentum, Adam's β, gradient clipping and adversarial training.</summary>
/// <param name="Optimizer">The update rule.</param>
/// <param name="LearningRate">The learning rate, or the peak of the schedule.</param>
/// <param name="Schedule">How the learning rate changes over the run.</param>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="WeightDecay">L2 weight decay (decoupled for AdamW).</param>
/// <param name="LabelSmoothing">How much of each one-hot target the cross-entropy loss spreads evenly over all classes: 0 for none.</param>
/// <param name="Momentum">SGD's or RMSProp's momentum; <see langword="null"/> for the optimizer's own (0.9 for SGD, 0 for RMSProp).</param>
/// <param name="Beta1">Adam's or AdamW's β₁, the decay of its first-moment estimate; <see langword="null"/> for the optimizer's own (0.9).</param>
/// <param name="Beta2">Adam's or AdamW's β₂, the decay of its second-moment estimate; <see langword="null"/> for the optimizer's own (0.999).</param>
/// <param name="ClipGradNorm">Clip the gradients to this global L2 norm before the update (PyTorch's <c>clip_grad_norm_</c>); <see langword="null"/> for no clipping.</param>
/// <param name="Adversarial">The attack every batch is taken through before the loss (adversarial training); <see langword="null"/> to train on the images as they are.</param>
public sealed record Recipe(
    OptimizerKind Optimizer, double LearningRate, ScheduleKind Schedule, int BatchSize, int Epochs,
    double WeightDecay = 0, double LabelSmoothing = 0, double? Momentum = null, double? Beta1 = null, double? Beta2 = null, double? ClipGradNorm = null,
    AdversarialTraining? Adversarial = null)
{
    /// <summary>The training loss: cross-entropy from the model's scores, with <see cref="LabelSmoothing"/>.</summary>
    public LossFunction Loss => (outputs, labels) => Losses.Loss.CrossEntropy(outputs, labels, LabelSmoothing);

    /// <summary>
    /// The training setup for <paramref name="network"/>: this recipe's optimizer with its schedule fitted to
    /// <see cref="Epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps, its loss, and its adversarial training
    /// as the setup's <see cref="TrainingSetup.BatchTransform"/>.
    /// </summary>
    /// <param name="network">The model to train.</param>
    /// <param name="stepsPerEpoch">Batches per epoch.</param>
    /// <param name="seed">Seeds the initial parameters, dropout and the attack's random starts.</param>
    /// <param name="normalisation">The pixel statistics the batches are standardised with: adversarial training attacks the pixels in [0, 1] behind them. Needed only then.</param>
    /// <exception cref="ArgumentException">A momentum or β is given for an optimizer that has none; the recipe trains adversarially and <paramref name="normalisation"/> is missing.</exception>
    public TrainingSetup SetupFor(Layer network, long stepsPerEpoch, long seed, PixelStats? normalisation = null) =>
        new(network, OptimizerFor(stepsPerEpoch, Epochs), Epochs, seed, Loss)
        {
            Plateau = PlateauRule,
            BatchTransform = Adversarial?.For(network, normalisation ?? throw new ArgumentException(
                "This recipe trains adversarially, on attacks of the pixels in [0, 1] behind the standardised batches: give SetupFor the pixel statistics the batches are standardised with.", nameof(normalisation)), stepsPerEpoch),
        };

    /// <summary>
    /// The optimizer as a plan: <see cref="Plan"/> when the recipe has one, else the named optimizer's transforms with this
    /// weight decay, momentum and β, scaled by the named schedule peaking at the learning rate; with
    /// <see cref="ClipGradNorm"/> set, clipping by global norm comes first in the chain (optax's <c>chain(clip_by_global_norm, …)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A momentum or β is given for an optimizer that has none.</exception>
    public OptimizerPlan OptimizerPlan =>
        (Plan ?? Optimizer.Plan(Schedule.Plan(LearningRate), WeightDecay, Momentum, Beta1, Beta2)) is var plan && ClipGradNorm is { } maxNorm
            ? plan.ClippedByGlobalNorm(maxNorm)
            : plan;

    /// <summary>
    /// An optimizer of the recipe's own, any chain the library's transforms make (clipping, then SGD with Nesterov
    /// momentum, say) with its learning-rate plan; <see langword="null"/> for the named one. When set it is the optimizer,
    /// and the named optimizer's settings (<see cref="Optimizer"/>, <see cref="LearningRate"/>, <see cref="Schedule"/>,
    /// <see cref="WeightDecay"/>, <see cref="Momentum"/>, β) are not used: make such a recipe with <see cref="Of"/>, and give
    /// every setting in the plan. Its JSON form is the plan's (<see cref="OptimizerJson"/>) in place of the optimizer's name.
    /// </summary>
    public OptimizerPlan? Plan { get; init; }

    /// <summary>
    /// The plateau schedule's settings (<see cref="ScheduleKind.Plateau"/>); <see langword="null"/> for PyTorch's defaults with
    /// that schedule. Only the plateau schedule takes them.
    /// </summary>
    public ReduceOnPlateau? Plateau { get; init; }

    /// <summary>The plateau rule the recipe trains with: <see cref="Plateau"/> or the defaults for the plateau schedule; <see langword="null"/> for any other.</summary>
    public ReduceOnPlateau? PlateauRule => Plan is null && Schedule == ScheduleKind.Plateau ? Plateau ?? new ReduceOnPlateau() : null;

    /// <summary>
    /// The recipe that trains with <paramref name="plan"/>: <paramref name="batchSize"/> samples a step for
    /// <paramref name="epochs"/> epochs, with <paramref name="labelSmoothing"/>. Its <see cref="LearningRate"/> is the plan's
    /// first or peak rate, for people (<see cref="OptimizerPlan.PeakRate"/>); the named optimizer's other settings stay at
    /// their defaults, unused.
    /// </summary>
    public static Recipe Of(OptimizerPlan plan, int batchSize, int epochs, double labelSmoothing = 0) =>
        new(OptimizerKind.Sgd, plan.PeakRate, ScheduleKind.Constant, batchSize, epochs, LabelSmoothing: labelSmoothing) { Plan = plan };

    /// <summary>
    /// The optimizer for a run of <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps: <see cref="OptimizerPlan"/>
    /// fitted to that run (its clipping, when the recipe sets <see cref="ClipGradNorm"/>, is the plan's first transform).
    /// </summary>
    /// <exception cref="ArgumentException">A momentum or β is given for an optimizer that has none.</exception>
    public Optimizer OptimizerFor(long stepsPerEpoch, int epochs) => OptimizerPlan.Build(RunLength.Of(stepsPerEpoch, epochs));

    /// <summary>
    /// This recipe with another optimizer: what belongs to the old one goes (its learning rate becomes the new one's
    /// <see cref="OptimizerKinds.DefaultLearningRate"/>, weight decay 0, its momentum and β unset), unless it is the
    /// same optimizer, which keeps everything. An optimizer plan of the recipe's own goes too.
    /// </summary>
    public Recipe WithOptimizer(OptimizerKind kind) => kind == Optimizer && Plan is null ? this : this with
    {
        Optimizer = kind, LearningRate = kind.DefaultLearningRate(), WeightDecay = 0, Momentum = null, Beta1 = null, Beta2 = null, Plan = null,
    };

    /// <summary>
    /// Whether the schedule is fitted to the run's length (cosine and one-cycle reach their end at the last planned step),
    /// so that another total of epochs changes the learning rate of every step. Constant, step and exponential schedules
    /// depend on the step alone: a run extended with them is the run planned that long. An optimizer plan of the recipe's
    /// own is fitted when a part of its schedule lasts the whole run (<see cref="SchedulePlan.FittedToLength"/>).
    /// </summary>
    public bool FittedToLength => Plan is { } plan ? plan.LearningRate.FittedToLength : Schedule is ScheduleKind.Cosine or ScheduleKind.OneCycle;

    /// <summary>The recipe in words: <c>adadelta lr 1, step schedule, batch 64, 14 epochs</c>, and <c>, adversarial fgsm-rs ε 0.3, α 0.375</c> for adversarial training.</summary>
    public string Describe() => Plan is { } plan
        ? string.Create(CultureInfo.InvariantCulture, $"{plan.Describe()}{(LabelSmoothing > 0 ? $", label smoothing {LabelSmoothing:G3}" : "")}, batch {BatchSize}, {Epochs} epoch{(Epochs == 1 ? "" : "s")}{AdversarialWords}")
        : string.Create(CultureInfo.InvariantCulture,
        $"{ByName.Name(Optimizer)} lr {LearningRate:G4}{(Momentum is { } momentum ? $", momentum {momentum:G3}" : "")}{(Beta1 is { } beta1 ? $", β₁ {beta1:G3}" : "")}{(Beta2 is { } beta2 ? $", β₂ {beta2:G4}" : "")}, {ByName.Name(Schedule)} schedule{(PlateauRule is { } plateau ? $" ({plateau.Describe()})" : "")}{(WeightDecay > 0 ? $", weight decay {WeightDecay:G3}" : "")}{(LabelSmoothing > 0 ? $", label smoothing {LabelSmoothing:G3}" : "")}{(ClipGradNorm is { } clip ? $", gradients clipped to norm {clip:G3}" : "")}, batch {BatchSize}, {Epochs} epoch{(Epochs == 1 ? "" : "s")}{AdversarialWords}");

    /// <summary>
    /// Checks the numbers: at least one sample per batch and one epoch, label smoothing in [0, 1); for the named optimizer a
    /// positive, finite learning rate, weight decay ≥ 0, momentum and β in [0, 1), a positive clipping norm, and momentum or β
    /// only for an optimizer that has them; with a <see cref="Plan"/>, none of the named optimizer's settings (the plan's
    /// transforms check their own); and the adversarial training's (<see cref="AdversarialTraining.Checked"/>), its keys
    /// <c>recipe.adversarial.epsilon</c> and so on.
    /// </summary>
    /// <exception cref="ArgumentException">A number is out of range; the message says what it must be, and <see cref="ArgumentException.ParamName"/> is the setting's key (<c>recipe.learning_rate</c>), which a host maps to its own words.</exception>
    public Recipe Checked()
    {
        Require(BatchSize >= 1, "batch_size", $"The batch size must be at least 1, not {BatchSize}.");
        Require(Epochs >= 1, "epochs", $"A run trains at least 1 epoch, not {Epochs}.");
        Require(LabelSmoothing is >= 0 and < 1, "label_smoothing", $"The label smoothing must be at least 0 and less than 1, not {LabelSmoothing.ToString(CultureInfo.InvariantCulture)}.");
        CheckAdversarial();
        CheckPlateau();
        if (Plan is not null)
        {
            Require(WeightDecay == 0 && Momentum is null && Beta1 is null && Beta2 is null && ClipGradNorm is null, "optimizer",
                "A recipe with an optimizer plan of its own takes its weight decay, momentum, β and clipping from the plan's transforms (add_decayed_weights, trace, scale_by_adam, clip_by_global_norm); leave the recipe's unset.");
            return this;
        }
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "learning_rate", $"The learning rate must be a positive number, not {LearningRate.ToString(CultureInfo.InvariantCulture)}.");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), "weight_decay", $"The weight decay must be 0 or more, not {WeightDecay.ToString(CultureInfo.InvariantCulture)}.");
        Require(Momentum is null or (>= 0 and < 1), "momentum", $"The momentum must be at least 0 and less than 1, not {Momentum?.ToString(CultureInfo.InvariantCulture)}.");
        Require(Momentum is null || Optimizer is OptimizerKind.Sgd or OptimizerKind.RmsProp, "momentum", $"{ByName.Name(Optimizer)} has no momentum; it applies to sgd and rmsprop.");
        Require(Beta1 is null or (>= 0 and < 1), "beta1", $"β₁ must be at least 0 and less than 1, not {Beta1?.ToString(CultureInfo.InvariantCulture)}.");
        Require(Beta2 is null or (>= 0 and < 1), "beta2", $"β₂ must be at least 0 and less than 1, not {Beta2?.ToString(CultureInfo.InvariantCulture)}.");
        Require(Beta1 is null && Beta2 is null || Optimizer is OptimizerKind.Adam or OptimizerKind.AdamW, Beta1 is null ? "beta2" : "beta1", $"{ByName.Name(Optimizer)} has no β; they apply to adam and adamw.");
        Require(ClipGradNorm is null or > 0 && (ClipGradNorm is null || double.IsFinite(ClipGradNorm.Value)), "clip_grad_norm", $"The norm to clip the gradients to must be a positive number, not {ClipGradNorm?.ToString(CultureInfo.InvariantCulture)}.");
        return this;
    }

    // The plateau rule's own check, its errors keyed as the run's settings name them (recipe.plateau.factor).
    private void CheckPlateau()
    {
        if (Plateau is null) return;
        Require(PlateauRule is not null, "schedule",
            $"The plateau settings (factor, patience, threshold, smallest rate) belong to the plateau schedule, and this recipe's schedule is {(Plan is null ? ByName.Name(Schedule) : "its optimizer plan's")}: choose the plateau schedule, or leave them out.");
        try
        {
            Plateau.Checked();
        }
        catch (ArgumentException e) when (e.ParamName is { } name)
        {
            var suffix = $" (Parameter '{name}')";
            throw new ArgumentException(e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message, Key($"plateau.{name}"), e);
        }
    }

    private string AdversarialWords => Adversarial is { } adversarial ? $", adversarial {adversarial.Describe()}" : "";

    // The attack's own check, its errors keyed as the run's settings name them (recipe.adversarial.epsilon).
    private void CheckAdversarial()
    {
        try
        {
            Adversarial?.Checked();
        }
        catch (ArgumentException e) when (e.ParamName is { } name)
        {
            var suffix = $" (Parameter '{name}')";
            throw new ArgumentException(e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message, Key($"adversarial.{name}"), e);
        }
    }

    /// <summary>The key of the recipe's setting <paramref name="name"/> in a run's settings: <c>recipe.learning_rate</c>.</summary>
    public static string Key(string name) => $"recipe.{name}";

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition) throw new ArgumentException(problem, Key(name));
    }
}
