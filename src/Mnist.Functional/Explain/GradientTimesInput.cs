using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>
/// Gradient × input (Shrikumar et al. 2016, "Not Just a Black Box"): <c>Mapᵢ = xᵢ · ∂F/∂xᵢ</c>, signed, the first-order
/// share of each input element in the score when the input is compared with all zeros. Captum's <c>InputXGradient</c>.
/// </summary>
/// <remarks>
/// The input is the explained one (<see cref="ClassScore.Preprocess"/> starts from it): with raw pixels in [0, 1] a
/// black pixel gets 0 whatever its gradient, so the map lies on the ink. One forward and one backward pass per input.
/// </remarks>
public sealed record GradientTimesInput : AttributionMethod
{
    /// <summary>The method's name, <c>gradient-x-input</c>.</summary>
    public const string MethodName = "gradient-x-input";

    /// <inheritdoc />
    public override string Name => MethodName;

    /// <inheritdoc />
    public override JsonObject Settings() => new() { ["method"] = Name };

    /// <inheritdoc />
    protected override Attribution AttributeSlice(ClassScore score, Tensor inputs, Tensor targets, int batchSize)
    {
        var (scores, gradient) = score.ScoresAndGradient(inputs, targets);
        return new Attribution(gradient.mul_(inputs), scores);
    }
}
