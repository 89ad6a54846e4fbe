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

    /// <summary>Fine-tunings compare by their source and frozen layers.</summary>
    public bool Equals(FineTuning? other) => other is not null && From == other.From && Frozen.SequenceEqual(other.Frozen);

    /// <inheritdoc />
    public override int GetHashCode() => Frozen.Aggregate(From.GetHashCode(StringComparison.Ordinal), HashCode.Combine);
}
