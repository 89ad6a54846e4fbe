using Mnist.Functional.Models;
using Mnist.Functional.Optimizers;
using Mnist.Functional.Optimizers.Schedules;

namespace Mnist.Functional.Runs;

/// <summary>
/// A run that starts from a trained model's weights instead of fresh ones (fine-tuning): every layer's tensors are
/// copied from it, except the head's when the classes differ (then the head starts fresh, drawn with the run's seed),
/// and the parameters of <paramref name="Frozen"/> layers keep their values through training.
/// </summary>
/// <param name="From">The trained model's checkpoint folder, as a full path.</param>
/// <param name="Frozen">The layer paths (the model's top-level layers, <c>0</c>, <c>4</c>, …) whose parameters do not change; empty for none. Batch-norm statistics still follow the new data, as in PyTorch with <c>requires_grad = False</c>.</param>
public sealed record FineTuning(string From, IReadOnlyList<string> Frozen)
{
    /// <summary>The word for every layer with parameters but the head, in a list of layers to freeze.</summary>
    public const string AllButHead = "all-but-head";

    /// <summary>
    /// The recipe a fine-tuning run starts from when no option says otherwise, suited to a few hundred images: Adam at
    /// 10⁻³ with a constant rate, batches of 32, 10 epochs, no weight decay, and the trained recipe's label smoothing.
    /// A zoo recipe's own rate (SGD one-cycle peaking at 0.2 for <c>fast</c>) is made for 60,000 images from fresh
    /// weights, and would move a trained model far from what it learned in a few steps; PyTorch's and Keras'
    /// transfer-learning tutorials likewise fine-tune with a small constant rate (Keras: Adam at 10⁻⁵ after training a
    /// fresh head; PyTorch: SGD at 10⁻³).
    /// </summary>
    /// <param name="trained">The recipe of the model it starts from.</param>
    public static Recipe RecipeFor(Recipe trained) =>
        new(OptimizerKind.Adam, 1e-3, ScheduleKind.Constant, BatchSize: 32, Epochs: 10, LabelSmoothing: trained.LabelSmoothing);

    /// <summary>Fine-tunings compare by their source and frozen layers.</summary>
    public bool Equals(FineTuning? other) => other is not null && From == other.From && Frozen.SequenceEqual(other.Frozen);

    /// <inheritdoc />
    public override int GetHashCode() => Frozen.Aggregate(From.GetHashCode(StringComparison.Ordinal), HashCode.Combine);
}
