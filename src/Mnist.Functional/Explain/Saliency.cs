using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>
/// Saliency (Simonyan, Vedaldi and Zisserman 2014, "Deep Inside Convolutional Networks"): the gradient of the target's
/// score with respect to the input, <c>Mapᵢ = |∂F/∂xᵢ|</c> (or signed): how much the score would change per unit change
/// of each input element. Captum's <c>Saliency.attribute(inputs, target, abs=True)</c>.
/// </summary>
/// <remarks>One forward and one backward pass per input. The map is local: it says nothing about how far a pixel would have to change.</remarks>
/// <param name="Absolute">Take the gradient's absolute value (the default, as Simonyan et al. and Captum do); <see langword="false"/> keeps its sign.</param>
public sealed record Saliency(bool Absolute = true) : AttributionMethod
{
    /// <summary>The method's name, <c>saliency</c>.</summary>
    public const string MethodName = "saliency";

    /// <inheritdoc />
    public override string Name => MethodName;

    /// <inheritdoc />
    public override JsonObject Settings() => new() { ["method"] = Name, ["absolute"] = Absolute };

    /// <inheritdoc />
    protected override Attribution AttributeSlice(ClassScore score, Tensor inputs, Tensor targets, int batchSize)
    {
        var (scores, gradient) = score.ScoresAndGradient(inputs, targets);
        return new Attribution(Absolute ? gradient.abs() : gradient, scores);
    }
}
