using static TorchSharp.torch;

namespace Mnist.Functional.Explain;

/// <summary>What an <see cref="AttributionMethod"/> gives for N inputs: a map the shape of the inputs and the scores it explains. Holds no autograd graph.</summary>
/// <param name="Map">
/// The attribution of each input element to its target's score, <c>[N, ...]</c> float32, the inputs' shape, in score units
/// (a logit or a probability) per input unit for gradient maps, and in score units for the others.
/// </param>
/// <param name="Scores">The explained score at each input, <c>[N]</c>: <c>F(x)</c>.</param>
/// <param name="BaselineScores">Integrated gradients only: the score at the baseline, <c>[N]</c>, <c>F(x′)</c>.</param>
/// <param name="ConvergenceDelta">
/// Integrated gradients only: how far the map's sum is from the score difference it must add up to (completeness),
/// <c>[N]</c>: <c>Σᵢ Mapᵢ − (F(x) − F(x′))</c>, signed, as Captum's <c>compute_convergence_delta</c> defines it.
/// </param>
public sealed record Attribution(Tensor Map, Tensor Scores, Tensor? BaselineScores = null, Tensor? ConvergenceDelta = null)
{
    /// <summary>
    /// This attribution less <paramref name="other"/>, element by element: for "why class a and not class b?", the
    /// attribution of <c>F_a − F_b</c> when the method is linear in the score (gradients, gradient × input, integrated
    /// gradients, occlusion), and the difference of the two maps otherwise (absolute saliency).
    /// </summary>
    /// <exception cref="ArgumentException">The two have different shapes, or only one carries a convergence delta.</exception>
    public Attribution Minus(Attribution other)
    {
        if (!Map.shape.SequenceEqual(other.Map.shape))
            throw new ArgumentException($"Maps of shapes {Tensors.Shapes.Format(Map.shape)} and {Tensors.Shapes.Format(other.Map.shape)} cannot be subtracted.", nameof(other));
        if ((ConvergenceDelta is null) != (other.ConvergenceDelta is null))
            throw new ArgumentException("Only one of the two attributions carries a convergence delta; subtract attributions of the same method.", nameof(other));
        return new Attribution(
            Map - other.Map,
            Scores - other.Scores,
            BaselineScores is null || other.BaselineScores is null ? null : BaselineScores - other.BaselineScores,
            ConvergenceDelta is null ? null : ConvergenceDelta - other.ConvergenceDelta!);
    }

    /// <summary>The convergence delta relative to the score difference, <c>|Δ| / |F(x) − F(x′)|</c>, <c>[N]</c> float64; <see langword="null"/> for methods without one.</summary>
    public Tensor? RelativeConvergenceDelta() =>
        ConvergenceDelta is null || BaselineScores is null
            ? null
            : ConvergenceDelta.to(float64).abs() / (Scores.to(float64) - BaselineScores.to(float64)).abs();
}
