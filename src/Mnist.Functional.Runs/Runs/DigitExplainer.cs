using Mnist.Functional.Data;
using Mnist.Functional.Explain;
using Mnist.Functional.Native;
using static TorchSharp.torch;

namespace Mnist.Functional.Runs;

/// <summary>One digit's attribution map, in managed memory.</summary>
/// <param name="Target">The class explained.</param>
/// <param name="ComparedTo">The class subtracted ("why Target and not ComparedTo?"), if any.</param>
/// <param name="Map">H·W values (28×28 for MNIST), row-major, over raw pixels in [0, 1]: the method's map of Target, less that of ComparedTo.</param>
/// <param name="Score">The explained score at the digit (the difference of the two with ComparedTo).</param>
/// <param name="BaselineScore">Integrated gradients: the score at the baseline.</param>
/// <param name="ConvergenceDelta">Integrated gradients: the map's sum less the score difference.</param>
public sealed record DigitExplanation(int Target, int? ComparedTo, float[] Map, float Score, float? BaselineScore, float? ConvergenceDelta)
{
    /// <summary><c>|Δ| / |F(x) − F(x′)|</c>, for integrated gradients.</summary>
    public double? RelativeDelta => ConvergenceDelta is { } delta && BaselineScore is { } baseline ? Math.Abs(delta) / Math.Abs(Score - baseline) : null;
}

/// <summary>
/// Explains digits with a trained model. The explained input is the digit the model saw as raw pixels in [0, 1],
/// <c>[N, 1, H, W]</c> (28×28 for MNIST), which the run's normalisation turns into the model's input, so every gradient is taken, and
/// every baseline and fill value given, in pixel units. Requests on several threads may share one model.
/// </summary>
public static class DigitExplainer
{
    /// <summary>The score <paramref name="trained"/> gives a class, over raw pixels in [0, 1].</summary>
    public static ClassScore Score(TrainedModel trained, ScoreKind kind = ScoreKind.Logit) =>
        new(trained.Network, trained.Variables, Preprocess.Normalize(trained.Spec.Normalisation
            ?? throw new InvalidDataException($"The run of {trained.Model.Name} saved no pixel statistics, so its inputs cannot be normalised the way it was trained.")), kind);

    /// <summary>
    /// The maps of <paramref name="method"/> for <paramref name="images"/> (<c>[N, H, W] uint8</c>, the dataset's image size), one class each
    /// (<paramref name="targets"/>), less the maps of <paramref name="comparedTo"/> when given.
    /// </summary>
    public static IReadOnlyList<DigitExplanation> Explain(
        TrainedModel trained, AttributionMethod method, ScoreKind kind, Tensor images, IReadOnlyList<int> targets, IReadOnlyList<int>? comparedTo = null)
    {
        using var threads = IntraOpThreads.Use(null);
        using var scope = NewDisposeScope();
        var score = Score(trained, kind);
        var pixels = Preprocess.ToNchw(Preprocess.ToUnitRange(images));
        var attribution = method.Attribute(score, pixels, Classes(targets));
        if (comparedTo is not null)
            attribution = attribution.Minus(method.Attribute(score, pixels, Classes(comparedTo)));
        var maps = Floats(attribution.Map);
        var scores = Floats(attribution.Scores);
        var baselines = attribution.BaselineScores is { } b ? Floats(b) : null;
        var deltas = attribution.ConvergenceDelta is { } d ? Floats(d) : null;
        var side = (int)(images.shape[1] * images.shape[2]);
        return [.. targets.Select((target, i) => new DigitExplanation(
            target, comparedTo?[i], maps.AsSpan(i * side, side).ToArray(), scores[i], baselines?[i], deltas?[i]))];
    }

    private static Tensor Classes(IReadOnlyList<int> classes) => tensor(classes.Select(c => (long)c).ToArray());

    private static float[] Floats(Tensor tensor) => tensor.contiguous().data<float>().ToArray();
}
