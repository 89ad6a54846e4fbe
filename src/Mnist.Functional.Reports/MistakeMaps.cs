using Mnist.Functional.Evaluation;
using Mnist.Functional.Explain;
using Mnist.Functional.Layers;
using Mnist.Functional.Runs;
using static TorchSharp.torch;

namespace Mnist.Functional.Reports;

/// <summary>Where the model looked for one mistake: the maps of the class it predicted and of the true class.</summary>
/// <param name="Predicted">The map of the predicted class's score, H·W values, row-major, over the digit's pixels in [0, 1].</param>
/// <param name="Actual">The map of the true class's score, likewise.</param>
public sealed record MistakeMap(float[] Predicted, float[] Actual);

/// <summary>
/// The attribution maps of a report's surest mistakes, made once, when the finished run's page is written: for each mistake
/// the maps of the predicted and of the true class, side by side, so that a reader sees what drew the model to its answer
/// and what of the true class it found or missed.
/// </summary>
/// <param name="Method">The method and its settings, in words, for the gallery's legend.</param>
/// <param name="Maps">By test index, one for every mistake the gallery shows.</param>
public sealed record MistakeMaps(string Method, IReadOnlyDictionary<int, MistakeMap> Maps)
{
    /// <summary>
    /// The method the report explains with: integrated gradients with Captum's defaults (50 steps, Gauss–Legendre, a black
    /// baseline), whose maps add up to the score difference they explain, of the class's logit.
    /// </summary>
    public static IntegratedGradients ReportMethod { get; } = new();

    /// <summary>
    /// The maps of <paramref name="mistakes"/> by <see cref="ReportMethod"/>, for the network of <paramref name="spec"/> with
    /// <paramref name="trained"/> variables: 2·<c>mistakes.Count</c> digits in one batched call, in a dispose scope of
    /// their own, so nothing of the model's memory is kept.
    /// </summary>
    /// <param name="spec">The run (its network, dataset and normalisation).</param>
    /// <param name="trained">The trained parameters and state; only read.</param>
    /// <param name="images">The test images the mistakes index.</param>
    /// <param name="mistakes">The mistakes the gallery shows.</param>
    public static MistakeMaps Of(RunSpec spec, Variables trained, DigitImages images, IReadOnlyList<Mistake> mistakes)
    {
        var method = ReportMethod;
        var legend = $"integrated gradients of the logit ({method.Steps} steps, Gauss–Legendre quadrature, a black baseline)";
        if (mistakes.Count == 0) return new MistakeMaps(legend, new Dictionary<int, MistakeMap>());
        var side = images.Height * images.Width;
        var pixels = new byte[2 * mistakes.Count * side];
        for (var i = 0; i < mistakes.Count; i++)
        {
            images[mistakes[i].Index].CopyTo(pixels.AsSpan(i * side, side));
            images[mistakes[i].Index].CopyTo(pixels.AsSpan((mistakes.Count + i) * side, side));
        }
        int[] targets = [.. mistakes.Select(m => m.Predicted), .. mistakes.Select(m => m.Actual)];
        IReadOnlyList<DigitExplanation> explanations;
        using (NewDisposeScope())
        {
            var batch = tensor(pixels, [2L * mistakes.Count, images.Height, images.Width]);
            explanations = DigitExplainer.Explain(new TrainedModel(spec, trained), method, ScoreKind.Logit, batch, targets);
        }
        return new MistakeMaps(legend, mistakes.Select((m, i) => (m.Index, Map: new MistakeMap(explanations[i].Map, explanations[mistakes.Count + i].Map)))
            .ToDictionary(entry => entry.Index, entry => entry.Map));
    }
}
